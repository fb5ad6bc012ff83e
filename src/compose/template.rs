//! Running a kind's prose templates (minijinja) with the plan's data.
//!
//! Every value a template prints is escaped for Markdown unless it is
//! Markdown by design (marked safe when the context is built): that is the
//! one escaping boundary of the template stage. Templates get fuel, so one
//! that loops forever stops with an error, and they can load only other
//! files of the template set.

use minijinja::{AutoEscape, Environment, ErrorKind, Value};

use crate::compose::markdown::escape;
use crate::templates::Templates;

/// Instructions a template may run; generous for 1,000-indicator plans,
/// small enough that a runaway loop stops within a second.
const FUEL: u64 = 20_000_000;

/// A template that failed: which file, which line, what happened.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "lỗi mẫu {}:{line}: {}", self.file, self.message),
            None => write!(f, "lỗi mẫu {}: {}", self.file, self.message),
        }
    }
}

/// Renders the templates of one kind.
pub struct TemplateRunner<'t> {
    templates: &'t Templates,
    kind: String,
}

impl<'t> TemplateRunner<'t> {
    pub fn new(templates: &'t Templates, kind: &str) -> Self {
        TemplateRunner {
            templates,
            kind: kind.to_owned(),
        }
    }

    /// Renders `name` (e.g. "ket-luan.md.j2") with `context`; `None` when
    /// the kind has no such template.
    pub fn render(&self, name: &str, context: &Value) -> Result<Option<String>, TemplateError> {
        let Some((file, source)) = self.templates.for_kind(&self.kind, name) else {
            return Ok(None);
        };
        let env = self.environment();
        let fail = |err: minijinja::Error| TemplateError {
            file: err
                .name()
                .filter(|n| *n != name)
                .map_or_else(|| file.clone(), |n| format!("templates/{}/{n}", self.kind)),
            line: err.line(),
            message: describe(&err),
        };
        let template = env.template_from_named_str(name, &source).map_err(fail)?;
        template.render(context).map(Some).map_err(fail)
    }

    fn environment(&self) -> Environment<'static> {
        let mut env = Environment::new();
        env.set_fuel(Some(FUEL));
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::Custom("markdown".into()));
        env.set_formatter(|out, _state, value| {
            if value.is_safe() || value.is_none() || value.is_undefined() {
                if !value.is_none() && !value.is_undefined() {
                    write!(out, "{value}").map_err(minijinja::Error::from)?;
                }
            } else {
                write!(out, "{}", escape(&value.to_string())).map_err(minijinja::Error::from)?;
            }
            Ok(())
        });
        let templates = self.templates.clone();
        let kind = self.kind.clone();
        env.set_loader(move |name| Ok(templates.for_kind(&kind, name).map(|(_, text)| text)));
        env
    }
}

fn describe(err: &minijinja::Error) -> String {
    let detail = err.detail().map(|d| format!(" ({d})")).unwrap_or_default();
    let what = match err.kind() {
        ErrorKind::SyntaxError => "cú pháp mẫu không hợp lệ".to_owned(),
        ErrorKind::UndefinedError => "dùng một biến không có trong dữ liệu kế hoạch".to_owned(),
        ErrorKind::OutOfFuel => "mẫu chạy quá lâu (có thể là vòng lặp vô tận)".to_owned(),
        ErrorKind::TemplateNotFound => "không tìm thấy mẫu được gọi tới".to_owned(),
        ErrorKind::UnknownFilter | ErrorKind::UnknownFunction | ErrorKind::UnknownTest => {
            "dùng một bộ lọc hoặc hàm không có".to_owned()
        }
        _ => "mẫu bị lỗi khi chạy".to_owned(),
    };
    format!("{what}{detail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::templates::test_overlay as overlay;

    #[test]
    fn values_are_escaped_and_safe_values_are_not() {
        let (_d, t) = overlay(&[
            ("k/loai.toml", "mo_ta = \"\""),
            ("k/a.md.j2", "{{ x }} {{ y }}"),
        ]);
        let ctx =
            minijinja::context! { x => "*đậm*", y => Value::from_safe_string("**đậm**".into()) };
        let out = TemplateRunner::new(&t, "k")
            .render("a.md.j2", &ctx)
            .unwrap()
            .unwrap();
        assert_eq!(out, "\\*đậm\\* **đậm**");
    }

    #[test]
    fn a_runaway_loop_runs_out_of_fuel() {
        let (_d, t) = overlay(&[
            ("k/loai.toml", ""),
            (
                "k/a.md.j2",
                "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
            ),
        ]);
        let err = TemplateRunner::new(&t, "k")
            .render("a.md.j2", &Value::UNDEFINED)
            .unwrap_err();
        assert!(err.message.contains("quá lâu"), "{err}");
    }

    #[test]
    fn a_broken_template_names_file_and_line() {
        let (_d, t) = overlay(&[("k/loai.toml", ""), ("k/a.md.j2", "dòng 1\n{% if %}\n")]);
        let err = TemplateRunner::new(&t, "k")
            .render("a.md.j2", &Value::UNDEFINED)
            .unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.file.ends_with("k/a.md.j2"), "{err}");
    }
}
