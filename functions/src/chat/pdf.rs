//! The chat's transcript as a PDF: A4 pages of the conversation, each message under its
//! author (named as the citizen sees them) and its Moscow time. The text is set in DejaVu
//! Sans (the 14 built-in PDF fonts have no Cyrillic), embedded as a subset of the glyphs
//! used, with a ToUnicode map so the text can be searched and copied. No layout engine:
//! lines are wrapped by the font's advances (no kerning or ligatures: Cyrillic and Latin
//! need none to read well).

use std::collections::BTreeMap;

use helpdesk_shared::chat::{ChatMessage, Speaker};
use helpdesk_shared::{Lang, chat_words, moscow};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use time::OffsetDateTime;
use ttf_parser::{Face, GlyphId};

/// DejaVu Sans 2.37 (its licence: `assets/fonts/LICENSE-DejaVu.txt`).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const TEXT_W: f32 = PAGE_W - 2.0 * MARGIN;
/// The lowest baseline of the text; the page number sits below it.
const BOTTOM: f32 = MARGIN + 14.0;

helpdesk_shared::messages! {
    enum Words {
        Title => "Переписка в чате поддержки" | "Support chat transcript",
        Portal => "Служба поддержки Госуслуг" | "Public services helpdesk",
        Chat => "Чат" | "Chat",
        Started => "начат" | "started",
        Moscow => "время московское" | "Moscow time",
        Topic => "Тема" | "Topic",
        Page => "Страница" | "Page",
        Of => "из" | "of",
    }
}

/// What the transcript shows.
pub struct Transcript<'a> {
    pub id: &'a str,
    pub lang: Lang,
    pub started: OffsetDateTime,
    pub messages: &'a [ChatMessage],
    /// The line that says how many messages did not fit, if some did not.
    pub left_out: Option<String>,
}

/// One line of text as set: its size, grey level and the space before it.
struct Line {
    text: String,
    size: f32,
    gray: f32,
    gap: f32,
}

/// The transcript as PDF bytes.
pub fn pdf(t: &Transcript) -> Vec<u8> {
    let face = Face::parse(FONT, 0).expect("the embedded font parses");
    let lines = lines(t, &face);
    let pages = paginate(&lines);
    write(t, &face, &lines, &pages)
}

/// The transcript as lines, each wrapped to the page's width.
fn lines(t: &Transcript, face: &Face) -> Vec<Line> {
    let w = |k: Words| k.text(t.lang);
    let mut out = Vec::new();
    let add = |text: &str, size: f32, gray: f32, gap: f32, out: &mut Vec<Line>| {
        for (i, part) in wrap(face, text, size, TEXT_W).into_iter().enumerate() {
            out.push(Line {
                text: part,
                size,
                gray,
                gap: if i == 0 { gap } else { 0.0 },
            });
        }
    };
    add(w(Words::Title), 16.0, 0.0, 0.0, &mut out);
    let short: String = t.id.chars().take(8).collect();
    add(
        &format!(
            "{} · {} {short} · {} {} ({})",
            w(Words::Portal),
            w(Words::Chat),
            w(Words::Started),
            moscow::format(t.started),
            w(Words::Moscow)
        ),
        9.0,
        0.35,
        4.0,
        &mut out,
    );
    for m in t.messages {
        if let Some(e) = &m.event {
            let text = format!(
                "— {} ({})",
                chat_words::event(e, t.lang, false),
                clock(m.at)
            );
            add(&text, 9.0, 0.4, 8.0, &mut out);
        }
        let mut body = Vec::new();
        if !m.text.trim().is_empty() {
            body.push(m.text.trim().to_owned());
        }
        if let Some(s) = &m.status {
            let (head, rest) = chat_words::status(s, t.lang);
            body.push(format!("{head}: {rest}"));
        }
        for a in &m.articles {
            body.push(format!("• {} (/faq/{})", a.title, a.slug));
        }
        for f in &m.files {
            body.push(format!(
                "{}: {}",
                chat_words::Words::File.text(t.lang),
                f.name
            ));
        }
        if let Some(c) = m.topic {
            body.push(format!("{}: {}", w(Words::Topic), c.title(t.lang)));
        }
        if body.is_empty() || m.from == Speaker::System {
            continue;
        }
        let who = chat_words::author(m, t.lang, false);
        add(
            &format!("{who} · {}", moscow::format(m.at)),
            8.5,
            0.4,
            10.0,
            &mut out,
        );
        for paragraph in body.iter().flat_map(|b| b.split('\n')) {
            add(paragraph, 10.5, 0.0, 2.0, &mut out);
        }
    }
    if let Some(line) = &t.left_out {
        add(line.trim(), 9.0, 0.4, 10.0, &mut out);
    }
    out
}

fn clock(at: OffsetDateTime) -> String {
    let at = at.to_offset(moscow::OFFSET);
    format!("{:02}:{:02}", at.hour(), at.minute())
}

/// A line's height: its size and some leading.
fn height(line: &Line) -> f32 {
    line.size * 1.35 + line.gap
}

/// Lines per page: the indexes where each page starts.
fn paginate(lines: &[Line]) -> Vec<std::ops::Range<usize>> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut y = PAGE_H - MARGIN;
    for (i, line) in lines.iter().enumerate() {
        let h = if i == start {
            line.size * 1.35
        } else {
            height(line)
        };
        if y - h < BOTTOM && i > start {
            pages.push(start..i);
            start = i;
            y = PAGE_H - MARGIN - line.size * 1.35;
        } else {
            y -= h;
        }
    }
    pages.push(start..lines.len());
    pages
}

/// The glyph of `c` (the font's "missing" box if it has none) and its advance in
/// thousandths of the size.
fn glyph(face: &Face, c: char) -> (GlyphId, f32) {
    let g = face.glyph_index(c).unwrap_or(GlyphId(0));
    let advance = face.glyph_hor_advance(g).unwrap_or(0) as f32;
    (g, advance * 1000.0 / face.units_per_em() as f32)
}

/// Characters drawn: controls and hidden ones are dropped (they were refused in messages
/// anyway), tabs become spaces.
fn drawn(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| !c.is_control())
}

fn width(face: &Face, text: &str, size: f32) -> f32 {
    drawn(text).map(|c| glyph(face, c).1).sum::<f32>() * size / 1000.0
}

/// Greedy wrapping at spaces; a word wider than the line is cut where it must be.
fn wrap(face: &Face, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width(face, &candidate, size) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        // The word alone: cut it into pieces that fit.
        for c in word.chars() {
            line.push(c);
            if width(face, &line, size) > max && line.chars().count() > 1 {
                line.pop();
                out.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    out.push(line);
    out
}

fn write(t: &Transcript, face: &Face, lines: &[Line], pages: &[std::ops::Range<usize>]) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let font = Ref::new(3);
    let cid = Ref::new(4);
    let descriptor = Ref::new(5);
    let file = Ref::new(6);
    let cmap = Ref::new(7);
    let info = Ref::new(8);
    let first_page = 9;
    let page_ref = |i: usize| Ref::new(first_page + 2 * i as i32);
    let content_ref = |i: usize| Ref::new(first_page + 2 * i as i32 + 1);
    let font_name = Name(b"F1");
    // Glyphs used, each with the character it draws (for copying text out).
    let mut used: BTreeMap<u16, (char, f32)> = BTreeMap::new();

    pdf.catalog(catalog)
        .pages(tree)
        .lang(TextStr(t.lang.code()));
    pdf.pages(tree)
        .kids((0..pages.len()).map(page_ref))
        .count(pages.len() as i32);
    let w = |k: Words| k.text(t.lang);
    for (i, range) in pages.iter().enumerate() {
        let mut page = pdf.page(page_ref(i));
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(content_ref(i));
        page.resources().fonts().pair(font_name, font);
        page.finish();

        let mut content = Content::new();
        let mut y = PAGE_H - MARGIN;
        let mut show = |content: &mut Content, text: &str, x: f32, y: f32, size: f32, gray: f32| {
            let mut bytes = Vec::new();
            for c in drawn(text) {
                let (g, advance) = glyph(face, c);
                used.entry(g.0).or_insert((c, advance));
                bytes.extend_from_slice(&g.0.to_be_bytes());
            }
            content.set_fill_gray(gray);
            content.begin_text();
            content.set_font(font_name, size);
            content.next_line(x, y);
            content.show(Str(&bytes));
            content.end_text();
        };
        for (n, line) in lines[range.clone()].iter().enumerate() {
            y -= if n == 0 {
                line.size * 1.35
            } else {
                height(line)
            };
            show(&mut content, &line.text, MARGIN, y, line.size, line.gray);
        }
        let number = format!(
            "{} {} {} {}",
            w(Words::Page),
            i + 1,
            w(Words::Of),
            pages.len()
        );
        let x = PAGE_W - MARGIN - width(face, &number, 8.0);
        show(&mut content, &number, x, MARGIN - 10.0, 8.0, 0.4);
        let data = miniz_oxide::deflate::compress_to_vec_zlib(&content.finish(), 6);
        pdf.stream(content_ref(i), &data)
            .filter(Filter::FlateDecode);
    }

    let base = Name(b"HDESKA+DejaVuSans");
    pdf.type0_font(font)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(base)
        .system_info(system)
        .font_descriptor(descriptor)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let mut widths = cid_font.widths();
    for (g, (_, advance)) in &used {
        widths.consecutive(*g, [*advance]);
    }
    widths.finish();
    cid_font.finish();

    let scale = |v: i16| v as f32 * 1000.0 / face.units_per_em() as f32;
    let b = face.global_bounding_box();
    pdf.font_descriptor(descriptor)
        .name(base)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            scale(b.x_min),
            scale(b.y_min),
            scale(b.x_max),
            scale(b.y_max),
        ))
        .italic_angle(0.0)
        .ascent(scale(face.ascender()))
        .descent(scale(face.descender()))
        .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(80.0)
        .font_file2(file);

    let glyphs: Vec<u16> = std::iter::once(0).chain(used.keys().copied()).collect();
    let subset = subsetter::subset(FONT, 0, subsetter::Profile::pdf(&glyphs))
        .expect("the embedded font subsets");
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&subset, 6);
    pdf.stream(file, &packed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.len() as i32);

    let mut unicode = UnicodeCmap::new(Name(b"Custom"), system);
    for (g, (c, _)) in &used {
        unicode.pair(*g, *c);
    }
    pdf.cmap(cmap, &unicode.finish());

    pdf.document_info(info)
        .title(TextStr(w(Words::Title)))
        .producer(TextStr(w(Words::Portal)));
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::request::said;
    use helpdesk_shared::chat::ChatEvent;

    #[test]
    fn long_words_are_cut_and_lines_fit_the_page() {
        let face = Face::parse(FONT, 0).expect("font");
        let long = "я".repeat(300);
        let parts = wrap(&face, &format!("Короткое слово {long} конец"), 10.5, TEXT_W);
        assert!(parts.len() >= 4, "{parts:?}");
        assert!(parts.iter().all(|p| width(&face, p, 10.5) <= TEXT_W));
        assert_eq!(
            parts.concat().replace(' ', ""),
            format!("Короткоеслово{long}конец")
        );
    }

    #[test]
    fn a_long_chat_takes_several_pages_and_embeds_its_font() {
        let mut messages = vec![said(1, Speaker::Citizen, "Не приходит СМС-код")];
        let mut joined = ChatMessage::new(2, messages[0].at, Speaker::System);
        joined.event = Some(ChatEvent::Joined {
            name: "Ольга".into(),
        });
        messages.push(joined);
        for i in 3..120 {
            let mut m = said(
                i,
                Speaker::Operator,
                "Проверьте, пожалуйста, номер телефона в профиле.",
            );
            m.name = Some("Ольга".into());
            messages.push(m);
        }
        let t = Transcript {
            id: "abcdef0123456789",
            lang: Lang::Ru,
            started: messages[0].at,
            messages: &messages,
            left_out: None,
        };
        let face = Face::parse(FONT, 0).expect("font");
        let pages = paginate(&lines(&t, &face));
        assert!(pages.len() >= 3, "{}", pages.len());
        let bytes = pdf(&t);
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/FontFile2") && text.contains("/ToUnicode"));
        // A subset: far smaller than the 740 KB font.
        assert!(bytes.len() < 60_000, "{}", bytes.len());
    }
}
