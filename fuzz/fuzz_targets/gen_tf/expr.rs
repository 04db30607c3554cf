//! Terraform expressions and string templates as data.

use arbitrary::{Arbitrary, Result, Unstructured};

use super::{DataName, LocalName, ModName, OutName, ResName, VarName};
use crate::arb::{Few, Sub, nest, pool};

/// An expression; below the nesting limit, a literal.
pub type Expr = Sub<ExprKind>;

/// The parts of a template, nested one level.
pub type Parts = Sub<Few<Part, 3>>;

pool!(
    /// Names a `for` expression or `%{for}` directive binds.
    ForVar { X => "x", Y => "y", K => "k", V => "v" }
);

pool!(
    /// Attribute and object key names.
    AttrName {
        Name => "name", Id => "id", Arn => "arn", User => "user",
        Status => "status", Key => "key", Value => "value", Names => "names",
        Console => "console", Keys => "keys",
    }
);

pool!(
    /// String literals: user names, statuses, and text some function reads
    /// (CIDR, format, regex, JSON and YAML).
    Word {
        Alice => "alice", Bob => "bob", Ci => "ci", Ops => "ops",
        Active => "Active", Inactive => "Inactive", Empty => "",
        Csv => "alice,bob", Cidr => "10.0.0.0/16", Fmt => "%s-%d",
        Re => "[a-z]+", Json => "{\"a\":[1,2],\"name\":\"ci\"}",
        Yaml => "name: ops\nkeys: [1, 2]\n", Dollar => "${x}", Percent => "%{",
        Unicode => "ü✓", Newline => "line\nnext", Hex => "0x10", Exp => "1e3",
        True => "true", Minus => "-1", Space => "  ops  ",
    }
);

pool!(
    /// Functions of Terraform's library.
    Func {
        Join => "join", Split => "split", Format => "format", Formatlist => "formatlist",
        Concat => "concat", Flatten => "flatten", Distinct => "distinct",
        Setproduct => "setproduct", Range => "range", Lookup => "lookup", Merge => "merge",
        Keys => "keys", Values => "values", Length => "length", Replace => "replace",
        Upper => "upper", Lower => "lower", Tostring => "tostring", Tonumber => "tonumber",
        Tolist => "tolist", Toset => "toset", Tomap => "tomap", Jsonencode => "jsonencode",
        Jsondecode => "jsondecode", Yamlencode => "yamlencode", Yamldecode => "yamldecode",
        Try => "try", Can => "can", Coalesce => "coalesce", Element => "element",
        Zipmap => "zipmap", Sort => "sort", Reverse => "reverse", Slice => "slice",
        Contains => "contains", One => "one", Sum => "sum", Min => "min", Max => "max",
        Chunklist => "chunklist", Transpose => "transpose", Regex => "regex",
        Regexall => "regexall", Substr => "substr", Trimspace => "trimspace",
        Base64encode => "base64encode", Cidrsubnet => "cidrsubnet", Sensitive => "sensitive",
        Nonsensitive => "nonsensitive", Coalescelist => "coalescelist", Compact => "compact",
        Index => "index", Startswith => "startswith", Strrev => "strrev",
    }
);

pool!(
    /// Binary operators.
    BinOp {
        Add => "+", Sub => "-", Mul => "*", Div => "/", Mod => "%", Eq => "==",
        Ne => "!=", Lt => "<", Gt => ">", Le => "<=", Ge => ">=", And => "&&", Or => "||",
    }
);

pool!(
    /// Attributes of `aws_iam_user`.
    UserAttr { Name => "name", Arn => "arn", Id => "id", UniqueId => "unique_id" }
);

/// A literal.
#[derive(Debug, Arbitrary)]
pub enum Lit {
    /// A string.
    Word(Word),
    /// A small whole number.
    Int(i8),
    /// A fraction.
    Frac(i8),
    /// A number too big for 64 bits.
    Huge,
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// A reference to something named.
#[derive(Debug, Arbitrary)]
pub enum Ref {
    /// `var.<name>`.
    Var(VarName),
    /// `var.<name>.<attr>`.
    VarAttr(VarName, AttrName),
    /// `local.<name>`.
    Local(LocalName),
    /// `local.<name>`, drawn twice as often.
    Local2(LocalName),
    /// `each.key`.
    EachKey,
    /// `each.value`.
    EachValue,
    /// `count.index`.
    CountIndex,
    /// A `for` variable in scope.
    ForVar(ForVar),
    /// `aws_iam_user.<name>.<attr>`.
    User(ResName, UserAttr),
    /// `aws_iam_user.<name>`, the whole resource (a list or map of
    /// instances under `count` or `for_each`).
    UserAll(ResName),
    /// `aws_iam_access_key.<name>.<attr>`.
    Key(ResName, AttrName),
    /// `module.<name>.<output>`.
    Module(ModName, OutName),
    /// `module.<name>`, every output (a list or map under `count` or
    /// `for_each`).
    ModuleAll(ModName),
    /// `data.aws_iam_user.<name>.user_name`.
    Data(DataName),
    /// `data.aws_caller_identity.current.account_id`.
    Caller,
    /// `path.module`.
    PathModule,
    /// `terraform.workspace`.
    Workspace,
}

/// A piece of a string template.
#[derive(Debug, Arbitrary)]
pub enum Part {
    /// Literal text.
    Text(Word),
    /// Literal text, drawn twice as often.
    Text2(Word),
    /// `${expr}`, with `~` strip markers when `strip`.
    Interp(Expr, bool),
    /// `${expr}`, drawn twice as often.
    Interp2(Expr, bool),
    /// `%{ for v in coll }body%{ endfor }`.
    For(ForVar, Expr, Parts),
    /// `%{ if cond }then%{ else }otherwise%{ endif }`.
    If(Expr, Parts, Option<Parts>),
}

/// An object key.
#[derive(Debug, Arbitrary)]
pub enum ObjKey {
    /// A bare name.
    Name(AttrName),
    /// A quoted string.
    Word(Word),
    /// `(expr)`.
    Expr(Expr),
}

/// A `for` expression.
#[derive(Debug, Arbitrary)]
pub struct ForExpr {
    /// The key (or index) variable, if bound.
    pub key: Option<ForVar>,
    /// The value variable.
    pub value: ForVar,
    /// What is iterated over.
    pub collection: Expr,
    /// The key expression: an object `for` when present.
    pub object_key: Option<Expr>,
    /// The value expression.
    pub body: Expr,
    /// `...`: group values by key (object `for` only).
    pub group: bool,
    /// The `if` filter.
    pub filter: Option<Expr>,
}

/// Calls whose arguments have the shape the function wants, so that they
/// evaluate instead of failing on a type.
#[derive(Debug, Arbitrary)]
pub enum Shaped {
    /// `format("<fmt>-%s", a, b)`.
    Format(Expr, Expr),
    /// `join(",", list)`.
    Join(Expr),
    /// `split(",", s)`.
    Split(Expr),
    /// `cidrsubnet("10.0.0.0/16", 8, n)`.
    Cidr(Expr),
    /// `regexall("[a-z]+", s)`.
    Regexall(Expr),
    /// `templatefile("${path.module}/t.tftpl", { x = .., y = .. })`.
    Templatefile(Few<(ForVar, Expr), 4>),
    /// `jsondecode(jsonencode(e))`.
    Json(Expr),
    /// `yamldecode(yamlencode(e))`.
    Yaml(Expr),
    /// `range(a, b)`.
    Range(i8, i8),
    /// `lookup(map, "key", default)`.
    Lookup(Expr, AttrName, Expr),
    /// `try(a, b)`.
    Try(Expr, Expr),
    /// `setproduct(a, b)`.
    Setproduct(Expr, Expr),
    /// `merge(a, b)`.
    Merge(Expr, Expr),
    /// `zipmap(keys, values)`.
    Zipmap(Expr, Expr),
    /// `formatlist("%s-x", list)`.
    Formatlist(Expr),
    /// `flatten([a, [b]])`.
    Flatten(Expr, Expr),
}

/// An expression: a leaf, or compound (more likely near the top).
#[derive(Debug)]
pub enum ExprKind {
    /// A literal or a reference.
    Leaf(Leaf),
    /// An expression with parts.
    Compound(Compound),
}

impl<'a> Arbitrary<'a> for ExprKind {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(if nest(u)? {
            ExprKind::Compound(Compound::arbitrary(u)?)
        } else {
            ExprKind::Leaf(Leaf::arbitrary(u)?)
        })
    }
}

/// An expression without parts.
#[derive(Debug, Arbitrary)]
pub enum Leaf {
    /// A literal.
    Lit(Lit),
    /// A reference.
    Ref(Ref),
    /// A reference, drawn twice as often.
    Ref2(Ref),
}

/// An expression with parts.
#[derive(Debug, Arbitrary)]
pub enum Compound {
    /// A quoted template.
    Template(Few<Part, 4>),
    /// A heredoc template (`<<-` when indented).
    Heredoc(Few<Part, 4>, bool),
    /// `[a, b]`.
    List(Few<Expr, 4>),
    /// `{ k = v }`.
    Object(Few<(ObjKey, Expr), 4>),
    /// `[for ...]` or `{for ...}`.
    For(Box<ForExpr>),
    /// `base[*].attr` (or `base.*.attr` when `legacy`).
    Splat(Expr, Option<AttrName>, bool),
    /// `c ? a : b`.
    Cond(Expr, Expr, Expr),
    /// `a op b`.
    Binary(BinOp, Expr, Expr),
    /// `!a`.
    Not(Expr),
    /// `-a`.
    Neg(Expr),
    /// `base[index]`.
    Index(Expr, Expr),
    /// `base.attr`.
    Attr(Expr, AttrName),
    /// `f(args)`, the last argument expanded with `...` when `expand`.
    Call(Func, Few<Expr, 3>, bool),
    /// A call with arguments of the right shape.
    Shaped(Box<Shaped>),
    /// A call with arguments of the right shape, drawn twice as often.
    Shaped2(Box<Shaped>),
}
