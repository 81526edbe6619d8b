//! Enums that are read leniently and written strictly.
//!
//! Both Apideck and Thredfi add enum values over time (Apideck's newer SDKs already know a
//! `sale_refund` refund type that the pinned schema does not). A record carrying such a value is
//! still a record: failing to parse it would drop the whole thing. So an enum declared with
//! [`open_enum!`] reads any string, keeping an unrecognised one in its `Unknown` variant, and the
//! mappers decide what to do with it (a warning by default, an error listing the allowed values in
//! strict mode). Writing is strict: serializing an `Unknown` value is an error, so the crate never
//! emits a value its vendored schema does not allow.

/// Declares an open string enum: known variants with their wire text, plus `Unknown(String)`.
///
/// Generates `as_str`, `parse`, `is_known`, `KNOWN` (the allowed values in schema order),
/// `Serialize`, `Deserialize` (lenient) and `JsonSchema` (an `enum` of the known values).
///
/// `enum` serializes strictly (an unknown value is a serialization error): for the unified model,
/// whose output must satisfy its schema. `verbatim enum` writes an unknown value back as read: for
/// a provider's wire types, whose unknown values must survive being carried in `custom_mappings`
/// (a full provider record built from them is still schema-checked, and rejected, on output).
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $($body:tt)* }
    ) => {
        $crate::open_enum::open_enum!(@define strict $(#[$meta])* $vis enum $name { $($body)* });
    };
    (
        $(#[$meta:meta])*
        $vis:vis verbatim enum $name:ident { $($body:tt)* }
    ) => {
        $crate::open_enum::open_enum!(@define verbatim $(#[$meta])* $vis enum $name { $($body)* });
    };
    (@unknown strict $name:ident, $serializer:ident, $text:ident) => {
        Err(<S::Error as ::serde::ser::Error>::custom(format!(
            "{} value {:?} is not allowed by the vendored schema (allowed: {})",
            stringify!($name),
            $text,
            Self::KNOWN.join(", ")
        )))
    };
    (@unknown verbatim $name:ident, $serializer:ident, $text:ident) => {
        $serializer.serialize_str($text)
    };
    (
        @define $mode:ident
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$variant_meta])* $variant, )+
            /// A value this version of the crate does not know, kept as read.
            Unknown(String),
        }

        impl $name {
            /// Every value the vendored schema allows, in schema order.
            pub const KNOWN: &'static [&'static str] = &[$($text),+];

            /// The wire text of this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                    Self::Unknown(text) => text,
                }
            }

            /// Reads wire text; an unrecognised value becomes `Unknown`.
            pub fn parse(text: &str) -> Self {
                match text {
                    $( $text => Self::$variant, )+
                    other => Self::Unknown(other.to_owned()),
                }
            }

            /// False for an `Unknown` value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            /// As [`parse`](Self::parse): never fails, an unknown value is kept as `Unknown`.
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse(text))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    Self::Unknown(text) => {
                        $crate::open_enum::open_enum!(@unknown $mode $name, serializer, text)
                    }
                    known => serializer.serialize_str(known.as_str()),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct TextVisitor;

                impl<'de> ::serde::de::Visitor<'de> for TextVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }

                    // Borrowing the text avoids an allocation for every known value.
                    fn visit_str<E: ::serde::de::Error>(self, text: &str) -> Result<$name, E> {
                        Ok($name::parse(text))
                    }
                }

                deserializer.deserialize_str(TextVisitor)
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({ "type": "string", "enum": [$($text),+] })
            }
        }
    };
}

pub(crate) use open_enum;
