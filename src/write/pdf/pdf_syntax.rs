//! Just enough PDF syntax to read typst's own output back: the trailer,
//! the cross-reference table, and plain (non-stream) dictionaries with the
//! byte span of every value, so `acroform` can copy a dictionary and add
//! entries to it without re-serialising what typst wrote.

use std::collections::HashMap;
use std::ops::Range;

/// A parsed PDF value. Only what the signature fields need is kept apart;
/// numbers, strings, booleans and null are `Other` (their text is in the span).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Dict(Vec<(Vec<u8>, Spanned)>),
    Array(Vec<Spanned>),
    Ref(u32, u16),
    Name(Vec<u8>),
    Other,
}

/// A value and where its text lies in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned {
    pub value: Value,
    pub span: Range<usize>,
}

impl Spanned {
    /// The entry `key` (without the slash) of a dictionary.
    pub fn get(&self, key: &[u8]) -> Option<&Spanned> {
        match &self.value {
            Value::Dict(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_ref(&self) -> Option<(u32, u16)> {
        match self.value {
            Value::Ref(num, generation) => Some((num, generation)),
            _ => None,
        }
    }
}

/// A syntax error, with the byte offset where reading stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub offset: usize,
    pub what: &'static str,
}

type Result<T> = std::result::Result<T, SyntaxError>;

/// The last revision's cross-reference table and trailer.
#[derive(Debug)]
pub struct XRef {
    /// Offset of the `xref` keyword (the new trailer's `/Prev`).
    pub offset: usize,
    /// In-use objects: number → (generation, byte offset).
    pub objects: HashMap<u32, (u16, usize)>,
    pub trailer: Spanned,
}

/// A reader over a whole PDF file.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    /// The text of a span.
    pub fn text(&self, span: &Range<usize>) -> &'a [u8] {
        &self.bytes[span.clone()]
    }

    /// Reads the cross-reference table that the last `startxref` points to.
    /// Only classic tables are read (typst writes those); a cross-reference
    /// stream is an error.
    pub fn xref(&self) -> Result<XRef> {
        let tail_from = self.bytes.len().saturating_sub(1024);
        let keyword = find_last(&self.bytes[tail_from..], b"startxref").ok_or(SyntaxError {
            offset: self.bytes.len(),
            what: "no startxref",
        })?;
        let mut lexer = Lexer::at(self.bytes, tail_from + keyword + b"startxref".len());
        let offset = lexer.unsigned()?;
        let mut lexer = Lexer::at(self.bytes, offset);
        lexer.keyword(b"xref")?;
        let mut objects = HashMap::new();
        loop {
            lexer.skip_space();
            if lexer.peek_keyword(b"trailer") {
                lexer.keyword(b"trailer")?;
                break;
            }
            let first = lexer.unsigned()?;
            let count = lexer.unsigned()?;
            for i in 0..count {
                let entry_offset = lexer.unsigned()?;
                let generation = lexer.unsigned()?;
                lexer.skip_space();
                let kind = lexer.byte()?;
                if kind == b'n' {
                    let number = u32::try_from(first + i).map_err(|_| lexer.error("number"))?;
                    let generation = u16::try_from(generation).map_err(|_| lexer.error("gen"))?;
                    objects.insert(number, (generation, entry_offset));
                }
            }
        }
        let trailer = lexer.value()?;
        Ok(XRef {
            offset,
            objects,
            trailer,
        })
    }

    /// The value of object `number` (which must not be a stream).
    pub fn object(&self, xref: &XRef, number: u32) -> Result<Spanned> {
        let &(generation, offset) = xref.objects.get(&number).ok_or(SyntaxError {
            offset: 0,
            what: "object not in the cross-reference table",
        })?;
        let mut lexer = Lexer::at(self.bytes, offset);
        let found = lexer.unsigned()?;
        let found_generation = lexer.unsigned()?;
        if found != number as usize || found_generation != generation as usize {
            return Err(lexer.error("cross-reference offset points elsewhere"));
        }
        lexer.keyword(b"obj")?;
        lexer.value()
    }
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0C' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn at(bytes: &'a [u8], pos: usize) -> Self {
        Lexer { bytes, pos }
    }

    fn error(&self, what: &'static str) -> SyntaxError {
        SyntaxError {
            offset: self.pos,
            what,
        }
    }

    fn byte(&mut self) -> Result<u8> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.error("end of file"))?;
        self.pos += 1;
        Ok(b)
    }

    fn skip_space(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if is_space(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self
                    .bytes
                    .get(self.pos)
                    .is_some_and(|&c| c != b'\n' && c != b'\r')
                {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// A run of regular characters (a number, keyword or name body).
    fn token(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self
            .bytes
            .get(self.pos)
            .is_some_and(|&b| !is_space(b) && !is_delimiter(b))
        {
            self.pos += 1;
        }
        &self.bytes[start..self.pos]
    }

    fn peek_keyword(&self, keyword: &[u8]) -> bool {
        self.bytes[self.pos..].starts_with(keyword)
    }

    fn keyword(&mut self, keyword: &'static [u8]) -> Result<()> {
        self.skip_space();
        if self.token() == keyword {
            Ok(())
        } else {
            Err(self.error("unexpected keyword"))
        }
    }

    fn unsigned(&mut self) -> Result<usize> {
        self.skip_space();
        let token = self.token();
        std::str::from_utf8(token)
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| self.error("expected a number"))
    }

    fn value(&mut self) -> Result<Spanned> {
        self.skip_space();
        let start = self.pos;
        let value = match self.bytes.get(self.pos) {
            None => return Err(self.error("end of file")),
            Some(b'<') if self.bytes.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                self.dict()?
            }
            Some(b'<') => {
                self.skip_past(b'>')?;
                Value::Other
            }
            Some(b'[') => {
                self.pos += 1;
                self.array()?
            }
            Some(b'(') => {
                self.literal_string()?;
                Value::Other
            }
            Some(b'/') => {
                self.pos += 1;
                Value::Name(self.token().to_vec())
            }
            Some(_) => self.number_or_ref()?,
        };
        Ok(Spanned {
            value,
            span: start..self.pos,
        })
    }

    fn dict(&mut self) -> Result<Value> {
        let mut entries = Vec::new();
        loop {
            self.skip_space();
            if self.bytes[self.pos..].starts_with(b">>") {
                self.pos += 2;
                return Ok(Value::Dict(entries));
            }
            if self.byte()? != b'/' {
                return Err(self.error("dictionary key is not a name"));
            }
            let key = self.token().to_vec();
            let value = self.value()?;
            entries.push((key, value));
        }
    }

    fn array(&mut self) -> Result<Value> {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.bytes.get(self.pos) == Some(&b']') {
                self.pos += 1;
                return Ok(Value::Array(items));
            }
            items.push(self.value()?);
        }
    }

    fn skip_past(&mut self, end: u8) -> Result<()> {
        while self.byte()? != end {}
        Ok(())
    }

    fn literal_string(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            match self.byte()? {
                b'\\' => {
                    self.byte()?;
                }
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
    }

    /// A number, a keyword (`true`, `null`), or `num gen R`.
    fn number_or_ref(&mut self) -> Result<Value> {
        let first = self.token();
        if first.is_empty() {
            return Err(self.error("unexpected character"));
        }
        let after_first = self.pos;
        let as_int = |t: &[u8]| {
            std::str::from_utf8(t)
                .ok()
                .and_then(|s| s.parse::<u32>().ok())
        };
        if let Some(num) = as_int(first) {
            self.skip_space();
            let second = self.token();
            if let Some(generation) = as_int(second).and_then(|g| u16::try_from(g).ok()) {
                self.skip_space();
                if self.token() == b"R" {
                    return Ok(Value::Ref(num, generation));
                }
            }
        }
        self.pos = after_first;
        Ok(Value::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> Spanned {
        Lexer::at(text, 0).value().unwrap()
    }

    #[test]
    fn dictionaries_keep_spans_and_references() {
        let text = b"<< /Type /Page /Parent 3 0 R /Annots [5 0 R 6 0 R] /T (a(b)\\)c) /N 12 >>";
        let dict = parse(text);
        assert_eq!(dict.span, 0..text.len());
        assert_eq!(dict.get(b"Parent").unwrap().as_ref(), Some((3, 0)));
        let annots = dict.get(b"Annots").unwrap();
        assert_eq!(&text[annots.span.clone()], b"[5 0 R 6 0 R]");
        assert_eq!(&text[dict.get(b"T").unwrap().span.clone()], b"(a(b)\\)c)");
        assert_eq!(dict.get(b"N").unwrap().value, Value::Other);
        assert_eq!(
            dict.get(b"Type").unwrap().value,
            Value::Name(b"Page".to_vec())
        );
    }

    #[test]
    fn numbers_are_not_taken_for_references() {
        let dict = parse(b"<< /MediaBox [0 0 595.28 841.89] /Count 2 >>");
        let Value::Array(items) = &dict.get(b"MediaBox").unwrap().value else {
            panic!("array")
        };
        assert_eq!(items.len(), 4);
        assert!(items.iter().all(|i| i.value == Value::Other));
    }

    #[test]
    fn reads_a_classic_cross_reference_table() {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let obj1 = pdf.len();
        pdf.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        let obj2 = pdf.len();
        pdf.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!(
                "xref\n0 3\n0000000000 65535 f \n{obj1:010} 00000 n \n{obj2:010} 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            )
            .as_bytes(),
        );
        let reader = Reader::new(&pdf);
        let table = reader.xref().unwrap();
        assert_eq!(table.offset, xref);
        assert_eq!(table.trailer.get(b"Root").unwrap().as_ref(), Some((1, 0)));
        let catalog = reader.object(&table, 1).unwrap();
        assert_eq!(catalog.get(b"Pages").unwrap().as_ref(), Some((2, 0)));
        assert!(reader.object(&table, 7).is_err());
    }
}
