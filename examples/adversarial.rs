//! Writes one hostile input (benches/support/adversarial.rs) into a
//! directory, for whole-process measurements:
//!
//! ```sh
//! cargo run --release --example adversarial -- many_users 4 /tmp/adv/many_users-4
//! cargo run --release --example adversarial -- --list
//! ```

#[path = "../benches/support/adversarial.rs"]
mod inputs;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--list") {
        for family in inputs::FAMILIES {
            println!("{}", family.name);
        }
        return;
    }
    let (Some(name), Some(scale), Some(out)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("usage: adversarial <family> <scale> <out-dir> | adversarial --list");
        std::process::exit(2);
    };
    let (Some(family), Ok(scale)) = (inputs::family(name), scale.parse::<usize>()) else {
        eprintln!("adversarial: unknown family or bad scale (see --list)");
        std::process::exit(2);
    };
    let out = std::path::Path::new(out);
    let written = std::fs::create_dir_all(out)
        .and_then(|()| std::fs::write(out.join(family.file), (family.text)(scale)));
    if let Err(e) = written {
        eprintln!("adversarial: {}: {e}", out.display());
        std::process::exit(2);
    }
}
