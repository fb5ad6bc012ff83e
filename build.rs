//! Rebuild when embedded data changes: `include_dir!` and `include_bytes!`
//! of a folder do not tell cargo which files they read.
fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=fonts");
}
