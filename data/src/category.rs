//! The ten administrative powers plus public services (权力类别).

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The category of a power item.
///
/// In the interchange format it is the object `{name, abbr, sc_code}`; on input
/// a bare abbreviation (`XK`) or Chinese name (`行政许可`) is accepted as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// 行政许可 (licensing)
    Licensing,
    /// 行政处罚 (penalty)
    Penalty,
    /// 行政强制 (coercive measure)
    Coercion,
    /// 行政征收 (levy)
    Levy,
    /// 行政裁决 (adjudication)
    Adjudication,
    /// 行政确认 (confirmation, e.g. registration)
    Confirmation,
    /// 行政给付 (benefit payment)
    Benefit,
    /// 行政奖励 (award)
    Award,
    /// 行政检查 (inspection)
    Inspection,
    /// 其他行政权力 (other powers)
    Other,
    /// 公共服务 (public service)
    PublicService,
}

impl Category {
    /// Every category, in the order published lists use.
    pub const ALL: [Category; 11] = [
        Category::Licensing,
        Category::Penalty,
        Category::Coercion,
        Category::Levy,
        Category::Adjudication,
        Category::Confirmation,
        Category::Benefit,
        Category::Award,
        Category::Inspection,
        Category::Other,
        Category::PublicService,
    ];

    /// The two-letter abbreviation used in item codes, e.g. `XK`.
    pub fn abbr(self) -> &'static str {
        self.row().0
    }

    /// The code in the Sichuan-style catalogue, e.g. `1A`.
    pub fn sc_code(self) -> &'static str {
        self.row().1
    }

    /// The Chinese name, e.g. `行政许可`.
    pub fn name(self) -> &'static str {
        self.row().2
    }

    fn row(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Category::Licensing => ("XK", "1A", "行政许可"),
            Category::Penalty => ("CF", "1B", "行政处罚"),
            Category::Coercion => ("QZ", "1C", "行政强制"),
            Category::Levy => ("ZS", "1D", "行政征收"),
            Category::Adjudication => ("CJ", "1E", "行政裁决"),
            Category::Confirmation => ("QR", "1F", "行政确认"),
            Category::Benefit => ("JF", "1G", "行政给付"),
            Category::Award => ("JL", "1H", "行政奖励"),
            Category::Inspection => ("JC", "1I", "行政检查"),
            Category::Other => ("QT", "1Z", "其他行政权力"),
            Category::PublicService => ("GG", "2*", "公共服务"),
        }
    }

    /// Looks a category up by abbreviation (`XK`, any case) or Chinese name.
    pub fn parse(text: &str) -> Option<Category> {
        let text = text.trim();
        Category::ALL
            .into_iter()
            .find(|c| c.abbr().eq_ignore_ascii_case(text) || c.name() == text)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Category", 3)?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("abbr", self.abbr())?;
        s.serialize_field("sc_code", self.sc_code())?;
        s.end()
    }
}

fn unknown<E: de::Error>(text: &str) -> E {
    let known: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
    E::custom(format!(
        "unknown category `{}`; expected one of {}",
        text.chars().take(40).collect::<String>(),
        known.join("、")
    ))
}

struct CategoryVisitor;

impl<'de> Visitor<'de> for CategoryVisitor {
    type Value = Category;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a category object {name, abbr, sc_code} or a category name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Category, E> {
        Category::parse(v).ok_or_else(|| unknown(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Category, A::Error> {
        let mut abbr: Option<String> = None;
        let mut name: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "abbr" => abbr = map.next_value()?,
                "name" => name = map.next_value()?,
                // Derived from the category; read so that it is not reported as unknown.
                "sc_code" => {
                    map.next_value::<Option<String>>()?;
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let by_abbr = abbr
            .as_deref()
            .map(|a| Category::parse(a).ok_or_else(|| unknown::<A::Error>(a)));
        let by_name = name
            .as_deref()
            .map(|n| Category::parse(n).ok_or_else(|| unknown::<A::Error>(n)));
        match (by_abbr, by_name) {
            (Some(a), Some(n)) => {
                let (a, n) = (a?, n?);
                if a != n {
                    return Err(de::Error::custom(format!(
                        "category abbreviation `{}` ({}) does not match name `{}`",
                        a.abbr(),
                        a.name(),
                        n.name()
                    )));
                }
                Ok(a)
            }
            (Some(a), None) => a,
            (None, Some(n)) => n,
            (None, None) => Err(de::Error::custom("category needs `abbr` or `name`")),
        }
    }
}

impl<'de> Deserialize<'de> for Category {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CategoryVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<Category, &str>) {
        let got = serde_json::from_str::<Category>(input).map_err(|e| e.to_string());
        match (got, expected) {
            (Ok(c), Ok(e)) => assert_eq!(c, e, "case {input}"),
            (Err(msg), Err(e)) => assert!(msg.contains(e), "case {input}: {msg}"),
            (got, _) => panic!("case {input}: got {got:?}"),
        }
    }

    #[test]
    fn accepts_object_and_names() {
        check(
            r#"{"name":"行政许可","abbr":"XK","sc_code":"1A"}"#,
            Ok(Category::Licensing),
        );
        check(r#""CF""#, Ok(Category::Penalty));
        check(r#""公共服务""#, Ok(Category::PublicService));
        check(r#"{"abbr":"XX"}"#, Err("unknown category `XX`"));
        check(r#"{"abbr":"XK","name":"行政处罚"}"#, Err("does not match"));
    }

    #[test]
    fn round_trips() {
        for c in Category::ALL {
            let json = serde_json::to_string(&c).unwrap_or_default();
            assert_eq!(serde_json::from_str::<Category>(&json).ok(), Some(c));
        }
    }
}
