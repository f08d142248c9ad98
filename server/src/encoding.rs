//! Content codings for what the server keeps ready: choosing one from a
//! request's `Accept-Encoding`, and compressing with brotli and gzip.
//!
//! Responses made per request are compressed by tower-http's
//! `CompressionLayer` ([`crate::web`]); kept pages ([`crate::page_cache`])
//! and the site's files ([`crate::site`]) are compressed once and served
//! as they are, in the coding the client prefers.

use std::io::Write;

use axum::http::{HeaderMap, HeaderValue, header};

/// A content coding the server sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    /// The `Content-Encoding` value, `None` for identity.
    pub fn header(self) -> Option<HeaderValue> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some(HeaderValue::from_static("gzip")),
            Coding::Brotli => Some(HeaderValue::from_static("br")),
        }
    }

    /// What an entity tag of this coding's bytes ends with, so that each
    /// representation has its own strong tag.
    pub fn tag_suffix(self) -> &'static str {
        match self {
            Coding::Identity => "",
            Coding::Gzip => "-gz",
            Coding::Brotli => "-br",
        }
    }
}

/// The coding to answer with: brotli when accepted, else gzip, else
/// identity. A coding with `q=0` is refused; `*` accepts both.
pub fn preferred(headers: &HeaderMap) -> Coding {
    let mut br = false;
    let mut gzip = false;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for part in value.split(',') {
            let mut pieces = part.split(';');
            let name = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let refused = pieces.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            let accepted = !refused;
            match name.as_str() {
                "br" => br = accepted,
                "gzip" | "x-gzip" => gzip = accepted,
                "*" => {
                    br |= accepted;
                    gzip |= accepted;
                }
                _ => {}
            }
        }
    }
    if br {
        Coding::Brotli
    } else if gzip {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// How hard to compress: once per build (the site's files) or once per
/// render (kept pages, files compressed at start-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// Brotli 11 and gzip 9: for files compressed once, ahead of serving.
    Best,
    /// Brotli 5 and gzip 6: a few milliseconds for a page.
    Fast,
}

/// `bytes` compressed with gzip.
pub fn gzip(bytes: &[u8], effort: Effort) -> Vec<u8> {
    let level = match effort {
        Effort::Best => flate2::Compression::best(),
        Effort::Fast => flate2::Compression::new(6),
    };
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 4), level);
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// `bytes` compressed with brotli.
pub fn brotli(bytes: &[u8], effort: Effort) -> Vec<u8> {
    let quality = match effort {
        Effort::Best => 11,
        Effort::Fast => 5,
    };
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: 22,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let mut input = bytes;
    // Reading a slice and writing into a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut input, &mut out, &params);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn accepting(value: &str) -> Coding {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).expect("header"),
        );
        preferred(&headers)
    }

    #[test]
    fn the_coding_follows_accept_encoding() {
        assert_eq!(preferred(&HeaderMap::new()), Coding::Identity);
        assert_eq!(accepting("gzip, deflate, br, zstd"), Coding::Brotli);
        assert_eq!(accepting("gzip"), Coding::Gzip);
        assert_eq!(accepting("br;q=0, gzip;q=0.5"), Coding::Gzip);
        assert_eq!(accepting("BR"), Coding::Brotli);
        assert_eq!(accepting("*"), Coding::Brotli);
        assert_eq!(accepting("*, br;q=0"), Coding::Gzip);
        assert_eq!(accepting("deflate, identity"), Coding::Identity);
        assert_eq!(accepting("gzip;q=0"), Coding::Identity);
    }

    #[test]
    fn compressed_bytes_read_back() {
        let text = "行政权力运行流程图 ".repeat(2000);
        for effort in [Effort::Fast, Effort::Best] {
            let gz = gzip(text.as_bytes(), effort);
            let mut back = String::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_string(&mut back)
                .expect("gunzip");
            assert_eq!(back, text);
            let br = brotli(text.as_bytes(), effort);
            let mut back = Vec::new();
            brotli::BrotliDecompress(&mut &br[..], &mut back).expect("unbrotli");
            assert_eq!(back, text.as_bytes());
            assert!(br.len() < text.len() / 10 && gz.len() < text.len() / 10);
        }
    }
}
