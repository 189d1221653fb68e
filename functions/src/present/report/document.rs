//! The Word document as the report writes it, over `docx-rs`: real styles (headings Word's
//! navigation pane and table of contents know, a caption, a quote), tables with a repeated
//! header row, page numbers in the footer, A4.
//!
//! Two things `docx-rs` 0.4 does not do are done here, each in one place:
//! - **Same bytes for the same document.** `docx-rs` numbers paragraphs from a thread-local
//!   counter that a build resets only afterwards, so a second document made on the same thread
//!   numbers differently. [`Document::pack`] is therefore given the whole making of the
//!   document, and runs it on a thread of its own, where the counter starts at one.
//! - **Header rows.** It has no `w:tblHeader`, which makes Word and Writer repeat a row on
//!   every page and mark it as the table's header for screen readers. A header row is written
//!   with `w:cantSplit` (a header never splits anyway), the only row so marked, and the packed
//!   document's `<w:cantSplit />` becomes `<w:cantSplit /><w:tblHeader />`: one literal
//!   element of XML this module wrote, not text for people.

use docx_rs::{
    AlignmentType, DocumentChild, Docx, FieldCharType, Footer, InstrPAGEREF, InstrText, InstrToC,
    LineSpacing, PageMargin, PageNum, Paragraph, Run, RunFonts, Style, StyleType, Tab,
    TabLeaderType, TabValueType, Table, TableCell, TableLayoutType, TableRow, WidthType,
};

/// The text width of an A4 page with the margins below, in twentieths of a point.
const TEXT_WIDTH: usize = 11_906 - 2 * 1_418;

/// How a cell's text sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text: left.
    Left,
    /// Figures: right, so that digits line up.
    Right,
}

/// A table for the report: a caption, a header and rows of text, each column with its
/// alignment and relative width.
///
/// Invariant: every row has as many cells as `header`, `align` and `widths`.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    /// What the table is (`Villkor per region`); its caption above it is `Tabell 3. Villkor
    /// per region`, numbered as it is written.
    pub title: String,
    /// The column headings.
    pub header: Vec<String>,
    /// Per column.
    pub align: Vec<Align>,
    /// Per column, relative widths.
    pub widths: Vec<usize>,
    /// The rows.
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    /// A table with these columns: `(heading, alignment, relative width)`.
    pub fn new(title: impl Into<String>, columns: &[(&str, Align, usize)]) -> Grid {
        Grid {
            title: title.into(),
            header: columns.iter().map(|c| c.0.to_owned()).collect(),
            align: columns.iter().map(|c| c.1).collect(),
            widths: columns.iter().map(|c| c.2).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len());
        self.rows.push(cells);
    }
}

/// A document being written, top to bottom.
///
/// Invariant: `contents`, when set, is an index into the document's children, at or before
/// every heading in `headings`.
pub struct Document {
    docx: Docx,
    tables: usize,
    /// Every heading the contents list: level, text, and its bookmark's number.
    headings: Vec<(u8, String, usize)>,
    /// Where the table of contents goes, once asked for.
    contents: Option<usize>,
}

impl Document {
    /// A new A4 document with the report's styles and a footer with the page number and
    /// `footer` (the agency and the case).
    fn new(footer: &str) -> Document {
        let footer = Footer::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .style("Footer")
                .add_run(Run::new().add_text(format!("{footer} · sida ")))
                .add_page_num(PageNum::new()),
        );
        let docx = Docx::new()
            .page_size(11_906, 16_838)
            .page_margin(
                PageMargin::new()
                    .top(1_418)
                    .bottom(1_418)
                    .left(1_418)
                    .right(1_418)
                    .header(709)
                    .footer(709),
            )
            .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
            .default_size(21)
            .footer(footer)
            // No clock: the same inputs make the same file.
            .created_at("2000-01-01T00:00:00Z")
            .updated_at("2000-01-01T00:00:00Z");
        let docx = styles().into_iter().fold(docx, Docx::add_style);
        Document {
            docx,
            tables: 0,
            headings: Vec::new(),
            contents: None,
        }
    }

    /// Appends a paragraph: straight into the body, as `Docx::add_paragraph` does for a
    /// paragraph without numbering, without moving the whole `Docx` in and out per paragraph.
    fn paragraph(&mut self, paragraph: Paragraph) {
        self.docx
            .document
            .children
            .push(DocumentChild::Paragraph(Box::new(paragraph)));
    }

    /// A heading at `level` (1–3); the contents list levels 1 and 2, by a bookmark on it.
    pub fn heading(&mut self, level: u8, text: &str) {
        self.heading_paragraph(level, text, false);
    }

    /// A chapter: a heading at level 1 on a new page.
    pub fn chapter(&mut self, text: &str) {
        self.heading_paragraph(1, text, true);
    }

    fn heading_paragraph(&mut self, level: u8, text: &str, new_page: bool) {
        let mut paragraph = Paragraph::new()
            .style(&format!("Heading{level}"))
            .page_break_before(new_page);
        if level <= 2 {
            let mark = self.headings.len() + 1;
            self.headings.push((level, text.to_owned(), mark));
            paragraph = paragraph
                .add_bookmark_start(mark, bookmark(mark))
                .add_run(Run::new().add_text(text))
                .add_bookmark_end(mark);
        } else {
            paragraph = paragraph.add_run(Run::new().add_text(text));
        }
        self.paragraph(paragraph);
    }

    /// A paragraph of body text.
    pub fn text(&mut self, text: &str) {
        self.paragraph(
            Paragraph::new()
                .style("Normal")
                .add_run(Run::new().add_text(text)),
        );
    }

    /// A paragraph of body text that starts with `lead` in bold.
    pub fn lead(&mut self, lead: &str, text: &str) {
        self.paragraph(
            Paragraph::new()
                .style("Normal")
                .add_run(Run::new().add_text(lead).bold())
                .add_run(Run::new().add_text(text)),
        );
    }

    /// A point of a list, as a paragraph with a dash.
    pub fn point(&mut self, text: &str) {
        self.paragraph(
            Paragraph::new()
                .style("ListParagraph")
                .add_run(Run::new().add_text(format!("– {text}"))),
        );
    }

    /// Someone else's words, as they wrote them, in the quote style and within quotation marks,
    /// with who wrote them after.
    pub fn quote(&mut self, words: &str, source: &str) {
        self.paragraph(
            Paragraph::new()
                .style("Quote")
                .add_run(Run::new().add_text(format!("”{words}”"))),
        );
        self.paragraph(
            Paragraph::new()
                .style("QuoteSource")
                .add_run(Run::new().add_text(format!("– {source}"))),
        );
    }

    /// The table of contents, here: filled in by [`pack`] once every heading is known.
    pub fn contents(&mut self) {
        self.paragraph(
            Paragraph::new()
                .style("TOCHeading")
                .add_run(Run::new().add_text("Innehåll")),
        );
        self.contents = Some(self.docx.document.children.len());
    }

    /// The table of contents as Word writes it: a `TOC` field marked dirty (Word updates it
    /// on opening), whose result is one entry per heading with a `PAGEREF` to the heading's
    /// bookmark. Every field character is in a run of its own, as Writer (`LibreOffice`) needs.
    fn contents_field(&self) -> Vec<DocumentChild> {
        let field = |kind, dirty| Run::new().add_field_char(kind, dirty);
        let begin = [
            field(FieldCharType::Begin, true),
            Run::new().add_instr_text(InstrText::TOC(InstrToC::new().heading_styles_range(1, 2))),
            field(FieldCharType::Separate, false),
        ];
        let mut paragraphs: Vec<Paragraph> = Vec::new();
        for (index, (level, text, mark)) in self.headings.iter().enumerate() {
            let mut p = Paragraph::new().style(&format!("TOC{level}")).add_tab(
                Tab::new()
                    .val(TabValueType::Right)
                    .leader(TabLeaderType::Dot)
                    .pos(TEXT_WIDTH),
            );
            if index == 0 {
                p = begin.iter().cloned().fold(p, Paragraph::add_run);
            }
            paragraphs.push(
                p.add_run(Run::new().add_text(text))
                    .add_run(Run::new().add_tab())
                    .add_run(field(FieldCharType::Begin, false))
                    .add_run(Run::new().add_instr_text(InstrText::PAGEREF(
                        InstrPAGEREF::new(bookmark(*mark)).hyperlink(),
                    )))
                    .add_run(field(FieldCharType::Separate, false))
                    .add_run(Run::new().add_text("–"))
                    .add_run(field(FieldCharType::End, false)),
            );
        }
        if paragraphs.is_empty() {
            let p = Paragraph::new().style("TOC1");
            paragraphs.push(begin.into_iter().fold(p, Paragraph::add_run));
        }
        paragraphs.push(
            Paragraph::new()
                .style("TOC1")
                .add_run(field(FieldCharType::End, false)),
        );
        paragraphs
            .into_iter()
            .map(|p| DocumentChild::Paragraph(Box::new(p)))
            .collect()
    }

    /// A title page's line in a style of its own (`Title`, `Subtitle`, `FrontMatter`).
    pub fn styled(&mut self, style: &str, text: &str) {
        self.paragraph(
            Paragraph::new()
                .style(style)
                .add_run(Run::new().add_text(text)),
        );
    }

    /// A table with its numbered caption above it, its header row repeated on every page.
    pub fn table(&mut self, grid: &Grid) {
        self.tables += 1;
        self.paragraph(
            Paragraph::new()
                .style("Caption")
                .keep_next(true)
                .add_run(Run::new().add_text(format!("Tabell {}. {}", self.tables, grid.title))),
        );
        let total: usize = grid.widths.iter().sum::<usize>().max(1);
        let widths: Vec<usize> = grid.widths.iter().map(|w| TEXT_WIDTH * w / total).collect();
        let cell = |text: &str, column: usize, header: bool| {
            let align = match grid.align.get(column) {
                Some(Align::Right) => AlignmentType::Right,
                _ => AlignmentType::Left,
            };
            let mut run = Run::new().add_text(text);
            if header {
                run = run.bold();
            }
            TableCell::new()
                .width(widths.get(column).copied().unwrap_or(0), WidthType::Dxa)
                .add_paragraph(
                    Paragraph::new()
                        .style("TableText")
                        .align(align)
                        .add_run(run),
                )
        };
        let mut rows = vec![
            TableRow::new(
                grid.header
                    .iter()
                    .enumerate()
                    .map(|(i, h)| cell(h, i, true).shading(header_shading()))
                    .collect(),
            )
            .cant_split(),
        ];
        for row in &grid.rows {
            rows.push(TableRow::new(
                row.iter()
                    .enumerate()
                    .map(|(i, t)| cell(t, i, false))
                    .collect(),
            ));
        }
        let table = Table::new(rows)
            .set_grid(widths)
            .width(TEXT_WIDTH, WidthType::Dxa)
            .layout(TableLayoutType::Fixed);
        self.docx
            .document
            .children
            .push(DocumentChild::Table(Box::new(table)));
    }
}

/// A heading's bookmark, which the contents refer to.
fn bookmark(mark: usize) -> String {
    format!("_Toc{mark:08}")
}

fn header_shading() -> docx_rs::Shading {
    docx_rs::Shading::new().fill("D9E2F3")
}

/// The report's styles: Word's own names, so that Word's navigation pane, its table of
/// contents and Writer's navigator know the headings.
fn styles() -> Vec<Style> {
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(size)
            .color("1F3864")
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(240).after(120))
    };
    vec![
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .size(48)
            .bold()
            .color("1F3864"),
        Style::new("Subtitle", StyleType::Paragraph)
            .name("Subtitle")
            .based_on("Normal")
            .size(28)
            .color("1F3864"),
        Style::new("FrontMatter", StyleType::Paragraph)
            .name("Front matter")
            .based_on("Normal")
            .size(22)
            .line_spacing(LineSpacing::new().after(80)),
        heading("Heading1", "heading 1", 32, 0),
        heading("Heading2", "heading 2", 26, 1),
        heading("Heading3", "heading 3", 22, 2),
        Style::new("TOCHeading", StyleType::Paragraph)
            .name("TOC Heading")
            .based_on("Normal")
            .bold()
            .size(28),
        Style::new("TOC1", StyleType::Paragraph)
            .name("toc 1")
            .based_on("Normal")
            .next("Normal")
            .line_spacing(LineSpacing::new().before(60)),
        Style::new("TOC2", StyleType::Paragraph)
            .name("toc 2")
            .based_on("Normal")
            .next("Normal")
            .indent(Some(284), None, None, None),
        Style::new("Caption", StyleType::Paragraph)
            .name("caption")
            .based_on("Normal")
            .bold()
            .size(19)
            .line_spacing(LineSpacing::new().before(200).after(60)),
        Style::new("TableText", StyleType::Paragraph)
            .name("Table text")
            .based_on("Normal")
            .size(16),
        Style::new("Quote", StyleType::Paragraph)
            .name("Quote")
            .based_on("Normal")
            .italic()
            .indent(Some(567), None, Some(567), None),
        Style::new("QuoteSource", StyleType::Paragraph)
            .name("Quote source")
            .based_on("Normal")
            .size(18)
            .indent(Some(567), None, Some(567), None),
        Style::new("ListParagraph", StyleType::Paragraph)
            .name("List Paragraph")
            .based_on("Normal")
            .indent(Some(357), None, None, None),
        Style::new("Footer", StyleType::Paragraph)
            .name("footer")
            .based_on("Normal")
            .size(16),
    ]
}

/// The document that `write` makes, packed: on a thread of its own (see the module's note), its
/// header rows marked.
///
/// # Errors
/// The packing's, as I/O errors; a `write` that panicked is an error too, never a half file.
pub fn pack(footer: &str, write: impl FnOnce(&mut Document) + Send) -> std::io::Result<Vec<u8>> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let mut document = Document::new(footer);
                write(&mut document);
                if let Some(at) = document.contents {
                    let field = document.contents_field();
                    let children = &mut document.docx.document.children;
                    children.splice(at.min(children.len())..at.min(children.len()), field);
                }
                let mut xml = document.docx.build();
                xml.document = mark_header_rows(&xml.document);
                // The package is a few hundred kilobytes (stored, not deflated): one allocation
                // rather than a dozen doublings.
                let mut bytes = std::io::Cursor::new(Vec::with_capacity(512 * 1024));
                xml.pack(&mut bytes).map_err(std::io::Error::other)?;
                Ok(bytes.into_inner())
            })
            .join()
            .map_err(|_| std::io::Error::other("the report document could not be made"))?
    })
}

/// `<w:cantSplit />`, which only header rows have, followed by `<w:tblHeader />`.
fn mark_header_rows(document: &[u8]) -> Vec<u8> {
    const MARK: &[u8] = b"<w:cantSplit />";
    const HEADER: &[u8] = b"<w:tblHeader />";
    let mut out = Vec::with_capacity(document.len() + 1024);
    let mut rest = document;
    while let Some(at) = rest.windows(MARK.len()).position(|w| w == MARK) {
        out.extend_from_slice(&rest[..at + MARK.len()]);
        out.extend_from_slice(HEADER);
        rest = &rest[at + MARK.len()..];
    }
    out.extend_from_slice(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_document_twice_on_one_thread_is_the_same_bytes_with_header_rows() {
        let make = || {
            pack("Socialstyrelsen", |d| {
                d.heading(1, "Rubrik");
                let mut grid = Grid::new(
                    "Prov",
                    &[("Region", Align::Left, 3), ("Belopp", Align::Right, 1)],
                );
                grid.row(vec!["Stockholm".to_owned(), "1\u{a0}000".to_owned()]);
                d.table(&grid);
            })
            .unwrap()
        };
        let (a, b) = (make(), make());
        assert_eq!(a, b);
        assert!(a.starts_with(b"PK"));
        let document = String::from_utf8_lossy(&a);
        assert_eq!(document.matches("<w:tblHeader />").count(), 1);
    }
}
