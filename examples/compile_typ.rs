//! Compiles a typst file with kehoach's sandboxed World (debugging aid).
fn main() {
    let mut args = std::env::args().skip(1);
    let input = args.next().expect("input .typ");
    let output = args.next().expect("output .pdf");
    let source = std::fs::read_to_string(input).unwrap();
    let fonts = std::sync::Arc::new(kehoach::write::pdf::FontSet::load(None).unwrap());
    let pdf = kehoach::write::pdf::PdfWriter::new(fonts, Default::default());
    match pdf.compile(source) {
        Ok(pages) => std::fs::write(output, pdf.export(&pages, "x").unwrap()).unwrap(),
        Err(e) => eprintln!("{e}"),
    }
}
