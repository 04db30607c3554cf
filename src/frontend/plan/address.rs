//! Terraform resource addresses and references, as plans write them:
//! `module.a["x"].aws_iam_access_key.k[0]`, `aws_iam_user.u[0].name`.

/// One `name` or `name[key]` step of an address.
#[derive(Debug, Clone, Copy)]
struct Step<'s> {
    name: &'s str,
    /// The instance key with its brackets: `[0]`, `["a"]`.
    key: Option<&'s str>,
    /// Where the step starts in the address.
    start: usize,
    /// Where its key starts (the `[`), or where the step ends.
    key_start: usize,
}

/// Splits an address into steps; `None` when it is not an address.
fn steps(text: &str) -> Option<Vec<Step<'_>>> {
    let bytes = text.as_bytes();
    let mut steps = Vec::new();
    let mut i = 0;
    loop {
        let start = i;
        while bytes.get(i).is_some_and(|&b| is_name_byte(b)) {
            i += 1;
        }
        if i == start {
            return None;
        }
        let key_start = i;
        let key = if bytes.get(i) == Some(&b'[') {
            i = key_end(bytes, i)?;
            Some(&text[key_start..i])
        } else {
            None
        };
        steps.push(Step {
            name: &text[start..key_start],
            key,
            start,
            key_start,
        });
        match bytes.get(i) {
            None => return Some(steps),
            Some(b'.') => i += 1,
            Some(_) => return None,
        }
    }
}

/// Identifiers may hold letters beyond ASCII; any non-ASCII byte counts.
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b >= 0x80
}

/// The index just past the `]` of a key opening at `open`: `[12]` or a
/// quoted string with backslash escapes.
fn key_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    if bytes.get(i) == Some(&b'"') {
        i += 1;
        loop {
            match bytes.get(i)? {
                b'\\' => i += 2,
                b'"' => break i += 1,
                _ => i += 1,
            }
        }
    } else {
        let digits = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == digits {
            return None;
        }
    }
    (bytes.get(i) == Some(&b']')).then_some(i + 1)
}

/// A managed resource instance address, borrowing its text.
#[derive(Debug)]
pub(crate) struct Address<'s> {
    text: &'s str,
    /// Module call names, outermost first, without their instance keys.
    modules: Vec<&'s str>,
    /// Where `type.name` starts, after the module path.
    resource_start: usize,
    /// Where the resource's own instance key starts, if it has one.
    key_start: Option<usize>,
}

impl<'s> Address<'s> {
    /// Parses `module.<call>[key]...<type>.<name>[key]`; `None` for data
    /// resources and anything that is not such an address.
    pub(crate) fn parse(text: &'s str) -> Option<Self> {
        let steps = steps(text)?;
        let mut modules = Vec::new();
        let mut rest = steps.as_slice();
        while let [module, call, tail @ ..] = rest {
            if module.name != "module" || module.key.is_some() {
                break;
            }
            modules.push(call.name);
            rest = tail;
        }
        let [kind, name] = rest else {
            return None;
        };
        if kind.key.is_some() || kind.name == "data" {
            return None;
        }
        Some(Address {
            text,
            modules,
            resource_start: kind.start,
            key_start: name.key.map(|_| name.key_start),
        })
    }

    /// Module call names, outermost first, without their instance keys.
    pub(crate) fn modules(&self) -> &[&'s str] {
        &self.modules
    }

    /// The resource's type and name (`aws_iam_access_key`, `k`).
    pub(crate) fn type_and_name(&self) -> Option<(&'s str, &'s str)> {
        self.block()[self.resource_start..].split_once('.')
    }

    /// The module instance path with its trailing dot (`module.a["x"].`),
    /// empty in the root module.
    pub(super) fn module_prefix(&self) -> &'s str {
        &self.text[..self.resource_start]
    }

    /// The address of the resource block in this module instance: the
    /// address without the resource's own instance key.
    pub(super) fn block(&self) -> &'s str {
        &self.text[..self.key_start.unwrap_or(self.text.len())]
    }

    /// The resource's instance key (`[0]`, `["a"]`), if any.
    pub(super) fn instance(&self) -> Option<&'s str> {
        self.key_start.map(|k| &self.text[k..])
    }

    /// The address of the block in `configuration`: module calls without
    /// instance keys, e.g. `module.a.module.b.aws_iam_access_key.k`.
    pub(super) fn config_address(&self) -> String {
        let resource = &self.text[self.resource_start..self.key_start.unwrap_or(self.text.len())];
        let mut out = String::with_capacity(self.text.len());
        for call in &self.modules {
            out.push_str("module.");
            out.push_str(call);
            out.push('.');
        }
        out.push_str(resource);
        out
    }
}

/// A reference from a configuration expression to a resource of a given
/// type in the same module: `aws_iam_user.x[0].name` names `x`, key `[0]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ResourceRef<'s> {
    /// The resource name.
    pub name: &'s str,
    /// The instance key, when the reference has one.
    pub key: Option<&'s str>,
}

impl<'s> ResourceRef<'s> {
    /// The resource of type `kind` that `reference` names, ignoring any
    /// attribute after it; `None` when it names something else.
    pub(super) fn parse(reference: &'s str, kind: &str) -> Option<Self> {
        let steps = steps(reference)?;
        match steps.as_slice() {
            [first, name, ..] if first.name == kind && first.key.is_none() => Some(ResourceRef {
                name: name.name,
                key: name.key,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_resource_without_key() {
        let a = Address::parse("aws_iam_access_key.k").unwrap();
        assert_eq!(a.module_prefix(), "");
        assert_eq!(a.block(), "aws_iam_access_key.k");
        assert_eq!(a.instance(), None);
        assert_eq!(a.config_address(), "aws_iam_access_key.k");
    }

    #[test]
    fn nested_module_instances_and_string_key() {
        let a =
            Address::parse(r#"module.a["x.y]"].module.b[2].aws_iam_access_key.k["q\"]"]"#).unwrap();
        assert_eq!(a.module_prefix(), r#"module.a["x.y]"].module.b[2]."#);
        assert_eq!(
            a.block(),
            r#"module.a["x.y]"].module.b[2].aws_iam_access_key.k"#
        );
        assert_eq!(a.instance(), Some(r#"["q\"]"]"#));
        assert_eq!(a.config_address(), "module.a.module.b.aws_iam_access_key.k");
    }

    #[test]
    fn rejects_data_sources_and_garbage() {
        assert!(Address::parse("data.aws_iam_user.u").is_none());
        assert!(Address::parse("module.a.data.aws_iam_user.u[0]").is_none());
        assert!(Address::parse("aws_iam_access_key").is_none());
        assert!(Address::parse("aws_iam_access_key.k[").is_none());
        assert!(Address::parse("aws_iam_access_key.k[x]").is_none());
        assert!(Address::parse("aws_iam_access_key.k[\"a").is_none());
        assert!(Address::parse("a..b").is_none());
        assert!(Address::parse("").is_none());
    }

    #[test]
    fn references_to_users() {
        let user = "aws_iam_user";
        assert_eq!(
            ResourceRef::parse("aws_iam_user.x.name", user),
            Some(ResourceRef {
                name: "x",
                key: None
            })
        );
        assert_eq!(
            ResourceRef::parse("aws_iam_user.x[0]", user),
            Some(ResourceRef {
                name: "x",
                key: Some("[0]")
            })
        );
        assert_eq!(
            ResourceRef::parse(r#"aws_iam_user.x["a"].name"#, user),
            Some(ResourceRef {
                name: "x",
                key: Some(r#"["a"]"#)
            })
        );
        assert_eq!(ResourceRef::parse("var.name", user), None);
        assert_eq!(
            ResourceRef::parse("data.aws_iam_user.x.user_name", user),
            None
        );
        assert_eq!(
            ResourceRef::parse("aws_iam_user_login_profile.p.user", user),
            None
        );
        assert_eq!(ResourceRef::parse("aws_iam_user", user), None);
    }
}
