# A module source that leads outside the directories being scanned (and
# the current directory) is not read: input from a pull request must not
# make keylint read the files of the machine it runs on. `--verbose` says
# why the module was not followed.
module "outside" {
  source = "../../src"
}

module "inside" {
  source = "./modules/keys"
}
