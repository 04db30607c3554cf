//! Terraform configurations: a directory of `.tf` / `.tf.json` files is a module.
