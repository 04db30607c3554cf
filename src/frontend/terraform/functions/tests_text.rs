//! Tests of `basename`, `dirname`, `base64decode`, `textencodebase64`,
//! `textdecodebase64`, `uuidv5`, `ephemeralasnull` and the removed `list`
//! and `map`.
//!
//! Every expected value is what `terraform console` (1.11) printed for
//! `jsonencode(expression)`; `!` is an error.

use super::testing::check;

const TEXT_PATHS_UUIDS_LIKE_TERRAFORM: &[(&str, &str)] = &[
    (r#"base64decode("aGVs\nbG8=")"#, r#""hello""#),
    (r#"base64decode("aGVs\r\nbG8=")"#, r#""hello""#),
    (r#"base64decode("aGVsbG8")"#, r#"!"#),
    (r#"base64decode("aGVsbG9=")"#, r#""hello""#),
    (r#"base64decode("aGk=aGk=")"#, r#"!"#),
    (r#"base64decode("aGk")"#, r#"!"#),
    (r#"base64decode("")"#, r#""""#),
    (r#"base64decode(" aGk=")"#, r#"!"#),
    (r#"base64decode("aGk=\n")"#, r#""hi""#),
    (r#"base64decode("aG k=")"#, r#"!"#),
    (r#"base64decode("/w==")"#, r#"!"#),
    (r#"base64decode("4pyT")"#, r#""✓""#),
    (r#"base64decode("aGVsbG8-")"#, r#"!"#),
    (r#"basename("foo/bar/baz.txt")"#, r#""baz.txt""#),
    (r#"basename("/foo/bar/")"#, r#""bar""#),
    (r#"basename("")"#, r#"".""#),
    (r#"basename("/")"#, r#""/""#),
    (r#"basename("//")"#, r#""/""#),
    (r#"basename("foo")"#, r#""foo""#),
    (r#"basename("a\\b")"#, r#""a\\b""#),
    (r#"basename("C:\\x\\y")"#, r#""C:\\x\\y""#),
    (r#"basename("./")"#, r#"".""#),
    (r#"basename("..")"#, r#""..""#),
    (r#"dirname("foo/bar/baz.txt")"#, r#""foo/bar""#),
    (r#"dirname("/foo/bar/")"#, r#""/foo/bar""#),
    (r#"dirname("")"#, r#"".""#),
    (r#"dirname("/")"#, r#""/""#),
    (r#"dirname("foo")"#, r#"".""#),
    (r#"dirname("a//b//c")"#, r#""a/b""#),
    (r#"dirname("/a/../../b/c")"#, r#""/b""#),
    (r#"dirname("a/../../b/c")"#, r#""../b""#),
    (r#"dirname("./a/./b/")"#, r#""a/b""#),
    (r#"dirname("../x")"#, r#""..""#),
    (r#"dirname("a/b/../c")"#, r#""a""#),
    (r#"dirname("//a")"#, r#""/""#),
    (r#"dirname("a\\b\\c")"#, r#"".""#),
    (
        r#"textencodebase64("Hello World", "UTF-16LE")"#,
        r#""SABlAGwAbABvACAAVwBvAHIAbABkAA==""#,
    ),
    (
        r#"textencodebase64("Hello World", "UTF-16BE")"#,
        r#""AEgAZQBsAGwAbwAgAFcAbwByAGwAZA==""#,
    ),
    (
        r#"textencodebase64("Hello World", "UTF-16")"#,
        r#""/v8ASABlAGwAbABvACAAVwBvAHIAbABk""#,
    ),
    (
        r#"textencodebase64("Hello World", "UTF-8")"#,
        r#""SGVsbG8gV29ybGQ=""#,
    ),
    (
        r#"textencodebase64("Hello 😀", "UTF-16LE")"#,
        r#""SABlAGwAbABvACAAPdgA3g==""#,
    ),
    (
        r#"textencodebase64("Hello 😀", "utf-16be")"#,
        r#""AEgAZQBsAGwAbwAg2D3eAA==""#,
    ),
    (r#"textencodebase64("Hello", "csUTF8")"#, r#""SGVsbG8=""#),
    (r#"textencodebase64("Hello", "CSUTF8")"#, r#""SGVsbG8=""#),
    (r#"textencodebase64("Hello", " UTF-8 ")"#, r#""SGVsbG8=""#),
    (
        r#"textencodebase64("Héllo", "ISO-8859-1")"#,
        r#""SOlsbG8=""#,
    ),
    (r#"textencodebase64("H€llo", "ISO-8859-1")"#, r#"!"#),
    (r#"textencodebase64("Hello", "US-ASCII")"#, r#""SGVsbG8=""#),
    (r#"textencodebase64("Héllo", "US-ASCII")"#, r#"!"#),
    (
        r#"textencodebase64("Hello", "csUTF16")"#,
        r#""/v8ASABlAGwAbABv""#,
    ),
    (r#"textencodebase64("", "UTF-16")"#, r#""/v8=""#),
    (
        r#"textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")"#,
        r#""Hello World""#,
    ),
    (
        r#"textdecodebase64("AEgAZQBsAGwAbw==", "UTF-16BE")"#,
        r#""Hello""#,
    ),
    (
        r#"textdecodebase64("/v8ASABlAGwAbABv", "UTF-16")"#,
        r#""Hello""#,
    ),
    (
        r#"textdecodebase64("//5IAGUAbABsAG8A", "UTF-16")"#,
        r#""Hello""#,
    ),
    (
        r#"textdecodebase64("AEgAZQBsAGwAbw==", "UTF-16")"#,
        r#""Hello""#,
    ),
    (
        r#"textdecodebase64("/v8ASABlAGwAbABv", "UTF-16BE")"#,
        r#""﻿Hello""#,
    ),
    (
        r#"textdecodebase64("//5IAGUAbABsAG8A", "UTF-16LE")"#,
        r#""﻿Hello""#,
    ),
    (
        r#"textdecodebase64("SABlAGwAbAA=", "UTF-16LE")"#,
        r#""Hell""#,
    ),
    (r#"textdecodebase64("SABl2D0=", "UTF-16LE")"#, r#"!"#),
    (r#"textdecodebase64("PdheAA==", "UTF-16LE")"#, r#"!"#),
    (r#"textdecodebase64("PdgA3g==", "UTF-16LE")"#, r#""😀""#),
    (r#"textdecodebase64("SGVsbG8=", "UTF-8")"#, r#""Hello""#),
    (r#"textdecodebase64("/w==", "UTF-8")"#, r#"!"#),
    (r#"textdecodebase64("77+9", "UTF-8")"#, r#"!"#),
    (r#"textdecodebase64("SGVsbG8", "UTF-8")"#, r#"!"#),
    (r#"textdecodebase64("SGVs\nbG8=", "UTF-8")"#, r#""Hello""#),
    (r#"textdecodebase64("6Q==", "ISO-8859-1")"#, r#""é""#),
    (r#"textdecodebase64("gA==", "ISO-8859-1")"#, r#""""#),
    (r#"textdecodebase64("6Q==", "US-ASCII")"#, r#"!"#),
    (r#"textdecodebase64("", "UTF-16")"#, r#""""#),
    (
        r#"textdecodebase64("SABlAGwAbAA=", "csUTF16LE")"#,
        r#""Hell""#,
    ),
    (r#"textdecodebase64("AA==", "UTF-16LE")"#, r#"!"#),
    (
        r#"uuidv5("dns", "www.terraform.io")"#,
        r#""a5008fae-b28c-5ba5-96cd-82b4c53552d6""#,
    ),
    (
        r#"uuidv5("url", "https://www.terraform.io/")"#,
        r#""9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5""#,
    ),
    (
        r#"uuidv5("oid", "1.3.6.1.4.1.343")"#,
        r#""6aab0456-7392-582a-b92a-ba5a7096945d""#,
    ),
    (
        r#"uuidv5("x500", "CN=Example,C=GB")"#,
        r#""84e09961-4aa4-57f8-95b7-03edb1073253""#,
    ),
    (
        r#"uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io")"#,
        r#""a5008fae-b28c-5ba5-96cd-82b4c53552d6""#,
    ),
    (
        r#"uuidv5("6BA7B810-9DAD-11D1-80B4-00C04FD430C8", "www.terraform.io")"#,
        r#""a5008fae-b28c-5ba5-96cd-82b4c53552d6""#,
    ),
    (
        r#"uuidv5("{6ba7b810-9dad-11d1-80b4-00c04fd430c8}", "www.terraform.io")"#,
        r#""a5008fae-b28c-5ba5-96cd-82b4c53552d6""#,
    ),
    (
        r#"uuidv5("urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io")"#,
        r#""a5008fae-b28c-5ba5-96cd-82b4c53552d6""#,
    ),
    (
        r#"uuidv5("URN:UUID:6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io")"#,
        r#""a5008fae-b28c-5ba5-96cd-82b4c53552d6""#,
    ),
    (
        r#"uuidv5("6ba7b8109dad11d180b400c04fd430c8", "www.terraform.io")"#,
        r#""a5008fae-b28c-5ba5-96cd-82b4c53552d6""#,
    ),
    (
        r#"uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c", "www.terraform.io")"#,
        r#"!"#,
    ),
    (
        r#"uuidv5("6ba7b810x9dad-11d1-80b4-00c04fd430c8", "www.terraform.io")"#,
        r#"!"#,
    ),
    (r#"uuidv5("DNS", "www.terraform.io")"#, r#"!"#),
    (r#"uuidv5("", "x")"#, r#"!"#),
    (
        r#"uuidv5("dns", "")"#,
        r#""4ebd0208-8328-5d69-8c44-ec50939c0967""#,
    ),
    (
        r#"uuidv5("(6ba7b810-9dad-11d1-80b4-00c04fd430c8)", "www.terraform.io")"#,
        r#""a5008fae-b28c-5ba5-96cd-82b4c53552d6""#,
    ),
    (
        r#"uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430cg", "www.terraform.io")"#,
        r#"!"#,
    ),
    (
        r#"uuidv5("dns", "é")"#,
        r#""ebfe0af8-3997-5ade-b634-ba92cf69f557""#,
    ),
    (r#"ephemeralasnull("x")"#, r#""x""#),
    (r#"ephemeralasnull(null)"#, r#"null"#),
    (r#"ephemeralasnull([1, {a = "b"}])"#, r#"[1,{"a":"b"}]"#),
    (r#"list("a")"#, r#"!"#),
    (r#"map("a", "b")"#, r#"!"#),
];

#[test]
fn text_paths_uuids_like_terraform() {
    check(TEXT_PATHS_UUIDS_LIKE_TERRAFORM);
}

/// Encodings keylint does not implement are unknown, whether Terraform
/// knows them (windows-1252) or fails on them (utf8 is not an IANA name).
#[test]
fn other_encodings_are_unknown() {
    check(&[
        (r#"textencodebase64("x", "windows-1252")"#, "?"),
        (r#"textencodebase64("x", "utf8")"#, "?"),
        (r#"textdecodebase64("eA==", "Shift_JIS")"#, "?"),
    ]);
}
