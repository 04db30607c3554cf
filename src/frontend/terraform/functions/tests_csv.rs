//! Tests of `csvdecode`.
//!
//! Every expected value is what `terraform console` (1.11) printed for
//! `jsonencode(expression)`; `!` is an error.

use super::testing::check;

const CSVDECODE_LIKE_TERRAFORM: &[(&str, &str)] = &[
    (
        r#"csvdecode("a,b,c\n1,2,3\n4,5,6")"#,
        r#"[{"a":"1","b":"2","c":"3"},{"a":"4","b":"5","c":"6"}]"#,
    ),
    (
        r#"csvdecode("a,b,c\n1,2,3\n4,5,6\n")"#,
        r#"[{"a":"1","b":"2","c":"3"},{"a":"4","b":"5","c":"6"}]"#,
    ),
    (
        r#"csvdecode("a,b,c\r\n1,2,3\r\n")"#,
        r#"[{"a":"1","b":"2","c":"3"}]"#,
    ),
    (r#"csvdecode("a,b\n\n\n1,2\n\n")"#, r#"[{"a":"1","b":"2"}]"#),
    (r#"csvdecode("a,b\n1,2\n3")"#, r#"!"#),
    (r#"csvdecode("a,b\n1,2,3")"#, r#"!"#),
    (r#"csvdecode("a,a\n1,2")"#, r#"!"#),
    (r#"csvdecode("")"#, r#"!"#),
    (r#"csvdecode("\n\n")"#, r#"!"#),
    (r#"csvdecode("a,b")"#, r#"[]"#),
    (r#"csvdecode("a,b\n")"#, r#"[]"#),
    (
        r#"csvdecode("\"a\",\"b\"\n\"x,y\",\"z\"\"q\"")"#,
        r#"[{"a":"x,y","b":"z\"q"}]"#,
    ),
    (
        r#"csvdecode("a,b\n\"multi\nline\",2")"#,
        r#"[{"a":"multi\nline","b":"2"}]"#,
    ),
    (
        r#"csvdecode("a,b\n\"multi\r\nline\",2")"#,
        r#"[{"a":"multi\nline","b":"2"}]"#,
    ),
    (r#"csvdecode("a,b\nx\"y,2")"#, r#"!"#),
    (r#"csvdecode("a,b\n\"x\"y,2")"#, r#"!"#),
    (r#"csvdecode("a,b\n\"x,2")"#, r#"!"#),
    (r#"csvdecode("a,b\n\"x\",2\n")"#, r#"[{"a":"x","b":"2"}]"#),
    (r#"csvdecode("a,b\n\"\",\"\"")"#, r#"[{"a":"","b":""}]"#),
    (r#"csvdecode("a,b\n,")"#, r#"[{"a":"","b":""}]"#),
    (
        r#"csvdecode("a,b,\n1,2,3")"#,
        r#"[{"":"3","a":"1","b":"2"}]"#,
    ),
    (r#"csvdecode(",\n1,2")"#, r#"!"#),
    (r#"csvdecode("a,b\n1,2\r")"#, r#"[{"a":"1","b":"2"}]"#),
    (r#"csvdecode("a,b\n1\r2,3")"#, r#"[{"a":"1\r2","b":"3"}]"#),
    (r#"csvdecode("a,b\n 1 , 2 ")"#, r#"[{"a":" 1 ","b":" 2 "}]"#),
    (r#"csvdecode("a,b\n\" 1\" , 2")"#, r#"!"#),
    (r#"csvdecode("a,b\n1,\"2\"\r\n")"#, r#"[{"a":"1","b":"2"}]"#),
    (r#"csvdecode("a,b\n1,\"2\"\r")"#, r#"[{"a":"1","b":"2"}]"#),
    (r#"csvdecode("a\n\"x\"\"\"")"#, r#"[{"a":"x\""}]"#),
    (r#"csvdecode("a\n\"\"\"\"")"#, r#"[{"a":"\""}]"#),
    (r#"csvdecode("a\n\"")"#, r#"!"#),
    (r#"csvdecode("a\n\"\n")"#, r#"!"#),
    (r#"csvdecode("a;b\n1;2")"#, r#"[{"a;b":"1;2"}]"#),
    (r#"csvdecode("é,ü\n1,2")"#, r#"[{"é":"1","ü":"2"}]"#),
    (
        r#"csvdecode("a,b\n1,2\n\r\n3,4")"#,
        r#"[{"a":"1","b":"2"},{"a":"3","b":"4"}]"#,
    ),
    (r#"csvdecode("a,b\n1,2\n\r")"#, r#"[{"a":"1","b":"2"}]"#),
    (r#"csvdecode("a\n#x")"#, r##"[{"a":"#x"}]"##),
    (r#"csvdecode("\ufeffa,b\n1,2")"#, r#"[{"b":"2","﻿a":"1"}]"#),
    (
        r#"csvdecode("a,b\n1,2\n,\n")"#,
        r#"[{"a":"1","b":"2"},{"a":"","b":""}]"#,
    ),
    (r#"csvdecode("a\n\n\n\"x\ny\"\n")"#, r#"[{"a":"x\ny"}]"#),
    (r#"csvdecode("a,b\n\"1\"\n")"#, r#"!"#),
];

#[test]
fn csvdecode_like_terraform() {
    check(CSVDECODE_LIKE_TERRAFORM);
}

/// Work stays linear in the text: one line of many fields, many lines.
#[test]
fn long_inputs_decode_in_linear_time() {
    let wide = format!(
        "{}\n{}",
        "a,".repeat(100_000) + "z",
        "1,".repeat(100_000) + "2"
    );
    let tall = format!("a,b\n{}", "1,2\n".repeat(200_000));
    let started = std::time::Instant::now();
    for text in [wide, tall] {
        let value = super::call("csvdecode", vec![super::Value::string(text)]);
        assert!(matches!(
            value,
            super::Value::Error(_) | super::Value::List(_)
        ));
    }
    assert!(started.elapsed().as_secs() < 10);
}
