//! Prints the typst source of a plan's documents (debugging aid).
fn main() {
    let path = std::env::args().nth(1).expect("plan path");
    let templates = kehoach::templates::Templates::embedded();
    let checked = kehoach::pipeline::check_file(std::path::Path::new(&path), &templates);
    let plan = checked.plan().expect("valid plan");
    let composed = kehoach::compose::compose(plan, &templates).expect("compose");
    let fonts = std::sync::Arc::new(kehoach::write::pdf::FontSet::load(None).unwrap());
    let pdf = kehoach::write::pdf::PdfWriter::new(fonts, Default::default());
    print!("{}", pdf.source(&composed.plan));
}
