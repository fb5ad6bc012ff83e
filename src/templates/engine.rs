//! The one template engine (minijinja) of the program, built once per kind
//! and output language, used by `compose` (prose in Markdown) and by
//! `starter` (starter plans in TOML).
//!
//! Each output language is one escaping boundary. Markdown: every value a
//! template prints is escaped unless it is Markdown by design (marked safe
//! when the context is built). TOML: text must go through the
//! `toml_string` filter, which prints a complete quoted string; printing
//! text any other way is an error, so no value is ever pasted in raw.
//! Templates run with fuel, so one that loops forever stops with an error,
//! and they can load only other files of the template set (the kind's own,
//! else `templates/chung/`).

use minijinja::value::ValueKind;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Value};

use crate::templates::Templates;
use crate::text::{escape_markdown, toml_string};

/// What a template writes, and so how its values are escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Prose: `mo-dau.md.j2`, `ket-luan.md.j2`, `khoi/*.md.j2`.
    Markdown,
    /// A starter plan: `mau.toml.j2`.
    Toml,
}

impl Output {
    /// Instructions a template may run. Prose: generous for
    /// 1,000-indicator plans; starters: far more than any needs. Both small
    /// enough that a runaway loop stops within a second.
    fn fuel(self) -> u64 {
        match self {
            Output::Markdown => 20_000_000,
            Output::Toml => 5_000_000,
        }
    }

    /// The variables a template of this language sees, for the message
    /// about an undefined one.
    fn undefined_hint(self) -> &'static str {
        match self {
            Output::Markdown => "dùng một biến không có trong dữ liệu kế hoạch",
            Output::Toml => "dùng một biến không có (chỉ có xa, tinh, nam, loai)",
        }
    }
}

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

/// The templates of one kind in one output language, ready to render.
pub struct Engine {
    env: Environment<'static>,
    templates: Templates,
    kind: String,
    output: Output,
}

impl Engine {
    /// Builds the environment once; every `render` reuses it.
    pub fn new(templates: &Templates, kind: &str, output: Output) -> Self {
        let mut env = Environment::new();
        env.set_fuel(Some(output.fuel()));
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        match output {
            Output::Markdown => markdown(&mut env),
            Output::Toml => toml(&mut env),
        }
        let loader_templates = templates.clone();
        let loader_kind = kind.to_owned();
        env.set_loader(move |name| {
            Ok(loader_templates
                .for_kind(&loader_kind, name)
                .map(|(_, text)| text))
        });
        Engine {
            env,
            templates: templates.clone(),
            kind: kind.to_owned(),
            output,
        }
    }

    /// Renders `name` (e.g. "ket-luan.md.j2") with `context`; `None` when
    /// the kind (and the shared folder) has no such template.
    pub fn render(&self, name: &str, context: &Value) -> Result<Option<String>, TemplateError> {
        match self.templates.for_kind(&self.kind, name) {
            Some((file, source)) => self.render_source(name, &file, &source, context).map(Some),
            None => Ok(None),
        }
    }

    /// Renders `source`, the text of template `name` read from `file`.
    pub fn render_source(
        &self,
        name: &str,
        file: &str,
        source: &str,
        context: &Value,
    ) -> Result<String, TemplateError> {
        let fail = |err: Error| TemplateError {
            // An error inside an included template names that file.
            file: err
                .name()
                .filter(|n| *n != name)
                .and_then(|n| self.templates.for_kind(&self.kind, n).map(|(f, _)| f))
                .unwrap_or_else(|| file.to_owned()),
            line: err.line(),
            message: self.describe(&err),
        };
        self.env
            .template_from_named_str(name, source)
            .and_then(|t| t.render(context))
            .map_err(fail)
    }

    fn describe(&self, err: &Error) -> String {
        let detail = err.detail().map(|d| format!(" ({d})")).unwrap_or_default();
        let what = match err.kind() {
            ErrorKind::SyntaxError => "cú pháp mẫu không hợp lệ",
            ErrorKind::UndefinedError => self.output.undefined_hint(),
            ErrorKind::OutOfFuel => "mẫu chạy quá lâu (có thể là vòng lặp vô tận)",
            ErrorKind::TemplateNotFound => "không tìm thấy mẫu được gọi tới",
            ErrorKind::UnknownFilter | ErrorKind::UnknownFunction | ErrorKind::UnknownTest => {
                "dùng một bộ lọc hoặc hàm không có"
            }
            _ => "mẫu bị lỗi khi chạy",
        };
        format!("{what}{detail}")
    }
}

/// Prose: values are escaped for Markdown unless marked safe.
fn markdown(env: &mut Environment<'static>) {
    env.set_auto_escape_callback(|_| AutoEscape::Custom("markdown".into()));
    env.set_formatter(|out, _state, value| {
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        if value.is_safe() {
            write!(out, "{value}").map_err(Error::from)
        } else {
            write!(out, "{}", escape_markdown(&value.to_string())).map_err(Error::from)
        }
    });
}

/// Starter plans: text only through `toml_string`; integers and booleans
/// print as TOML literals (`nam = {{ nam }}`).
fn toml(env: &mut Environment<'static>) {
    // Block tags on lines of their own leave no blank lines in the TOML.
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.add_filter("toml_string", |value: Value| -> Result<Value, Error> {
        if value.is_undefined() || value.is_none() {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                "toml_string nhận một giá trị trống",
            ));
        }
        let text = value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_owned);
        Ok(Value::from_safe_string(toml_string(&text)))
    });
    env.set_formatter(|out, _state, value| {
        if value.is_safe() {
            write!(out, "{value}").map_err(Error::from)
        } else if value.kind() == ValueKind::Bool {
            write!(out, "{}", value.is_true()).map_err(Error::from)
        } else if value.is_integer() {
            write!(out, "{value}").map_err(Error::from)
        } else {
            Err(Error::new(
                ErrorKind::InvalidOperation,
                "giá trị chữ phải qua bộ lọc toml_string, ví dụ {{ xa | toml_string }}",
            ))
        }
    });
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
        let out = Engine::new(&t, "k", Output::Markdown)
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
        let err = Engine::new(&t, "k", Output::Markdown)
            .render("a.md.j2", &Value::UNDEFINED)
            .unwrap_err();
        assert!(err.message.contains("quá lâu"), "{err}");
    }

    #[test]
    fn a_broken_template_names_file_and_line() {
        let (_d, t) = overlay(&[("k/loai.toml", ""), ("k/a.md.j2", "dòng 1\n{% if %}\n")]);
        let err = Engine::new(&t, "k", Output::Markdown)
            .render("a.md.j2", &Value::UNDEFINED)
            .unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.file.ends_with("k/a.md.j2"), "{err}");
    }
}
