//! Line/column lookup for byte offsets, shared by parse diagnostics and runtime error records.

/// Maps byte offsets of one source text to 1-based lines and columns.
#[derive(Debug, Clone)]
pub struct SourceMap {
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
}

impl SourceMap {
    pub fn new(src: &str) -> SourceMap {
        let mut line_starts = vec![0];
        for (i, b) in src.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        SourceMap { line_starts }
    }

    /// 1-based line number of `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// 1-based line and 1-based column (in characters, as PowerShell counts) of `offset`.
    pub fn line_col(&self, src: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.line_starts[line - 1];
        let offset = offset.min(src.len());
        let col = src
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line, col + 1)
    }

    /// The text of 1-based `line`, without its line terminator.
    pub fn line_text<'a>(&self, src: &'a str, line: usize) -> &'a str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map(|e| e - 1)
            .unwrap_or(src.len());
        let text = src.get(start..end.max(start)).unwrap_or("");
        text.strip_suffix('\r').unwrap_or(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let src = "ab\r\ncé d\nx";
        let map = SourceMap::new(src);
        assert_eq!(map.line_col(src, 0), (1, 1));
        assert_eq!(map.line_col(src, 4), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(map.line_col(src, 7), (2, 3));
        assert_eq!(map.line_text(src, 1), "ab");
        assert_eq!(map.line_text(src, 2), "cé d");
        assert_eq!(map.line_text(src, 3), "x");
        assert_eq!(map.line_text(src, 9), "");
    }
}
