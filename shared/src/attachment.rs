//! Attachments: what is accepted, judged by content rather than by the file's name.

use serde::{Deserialize, Serialize};

pub const MAX_BYTES: u64 = 5 * 1024 * 1024;
pub const MAX_FILES: usize = 5;
/// What the file pickers offer (the server judges the content, not this).
pub const ACCEPT: &str = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";
/// The types a browser may report for an accepted file ("" when it cannot tell).
pub const BROWSER_TYPES: [&str; 4] = ["application/pdf", "image/jpeg", "image/png", ""];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AttachmentKind {
    Pdf,
    Jpeg,
    Png,
}

impl AttachmentKind {
    /// Recognises a file by its first bytes (its "magic number").
    pub fn sniff(head: &[u8]) -> Option<AttachmentKind> {
        if head.starts_with(b"%PDF-") {
            Some(AttachmentKind::Pdf)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(AttachmentKind::Jpeg)
        } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(AttachmentKind::Png)
        } else {
            None
        }
    }

    /// The kinds a client may announce; the content decides in the end.
    pub fn from_mime(mime: &str) -> Option<AttachmentKind> {
        match mime.trim().to_ascii_lowercase().as_str() {
            "application/pdf" => Some(AttachmentKind::Pdf),
            "image/jpeg" | "image/jpg" | "image/pjpeg" => Some(AttachmentKind::Jpeg),
            "image/png" => Some(AttachmentKind::Png),
            _ => None,
        }
    }

    /// The file name extensions of this kind, the usual one first.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            AttachmentKind::Pdf => &["pdf"],
            AttachmentKind::Jpeg => &["jpg", "jpeg"],
            AttachmentKind::Png => &["png"],
        }
    }

    /// `name` with an extension of this kind: a file detected as a PDF is stored and
    /// downloaded as `….pdf`, never as `evil.html`, whatever it was called when uploaded
    /// (a browser or a desktop would otherwise open it by the name). A matching extension
    /// is kept; another one is replaced; none gets one added.
    pub fn file_name(self, name: &str) -> String {
        let (stem, ext) = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
            _ => (name, None),
        };
        match ext {
            Some(ext)
                if self
                    .extensions()
                    .iter()
                    .any(|e| ext.eq_ignore_ascii_case(e)) =>
            {
                name.to_owned()
            }
            _ => format!("{stem}.{}", self.extensions()[0]),
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            AttachmentKind::Pdf => "application/pdf",
            AttachmentKind::Jpeg => "image/jpeg",
            AttachmentKind::Png => "image/png",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(
            AttachmentKind::sniff(b"%PDF-1.7\n"),
            Some(AttachmentKind::Pdf)
        );
        assert_eq!(
            AttachmentKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(AttachmentKind::Jpeg)
        );
        assert_eq!(
            AttachmentKind::sniff(b"\x89PNG\r\n\x1a\n\0\0"),
            Some(AttachmentKind::Png)
        );
        assert_eq!(AttachmentKind::sniff(b"MZ\x90\0"), None);
        assert_eq!(AttachmentKind::sniff(b"GIF89a"), None);
        assert_eq!(AttachmentKind::sniff(b""), None);
        assert_eq!(AttachmentKind::sniff(b"<html>%PDF-"), None);
    }

    #[test]
    fn names_carry_the_extension_of_the_detected_type() {
        let pdf = AttachmentKind::Pdf;
        assert_eq!(pdf.file_name("evil.html"), "evil.pdf");
        assert_eq!(pdf.file_name("скан паспорта.PDF"), "скан паспорта.PDF");
        assert_eq!(pdf.file_name("scan"), "scan.pdf");
        assert_eq!(pdf.file_name("archive.tar.exe"), "archive.tar.pdf");
        assert_eq!(pdf.file_name(".htaccess"), ".htaccess.pdf");
        assert_eq!(pdf.file_name("trailing."), "trailing.pdf");
        assert_eq!(AttachmentKind::Jpeg.file_name("photo.jpeg"), "photo.jpeg");
        assert_eq!(AttachmentKind::Jpeg.file_name("photo.png"), "photo.jpg");
        assert_eq!(AttachmentKind::Png.file_name("x.svg"), "x.png");
    }

    #[test]
    fn announced_types() {
        assert_eq!(
            AttachmentKind::from_mime("Image/JPEG"),
            Some(AttachmentKind::Jpeg)
        );
        assert_eq!(
            AttachmentKind::from_mime("application/pdf"),
            Some(AttachmentKind::Pdf)
        );
        assert_eq!(AttachmentKind::from_mime("image/gif"), None);
        assert_eq!(AttachmentKind::from_mime(""), None);
    }
}
