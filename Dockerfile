# keylint in a container, for GitLab CI and `container:` jobs:
#
#   docker build -t keylint .
#   docker run --rm -v "$PWD:/src:ro" keylint check .
#
# The build stage compiles a static binary (musl); the final image holds
# only that binary and the licence, and runs as an unprivileged user.

FROM rust:1.95-alpine AS build
# A C compiler for mimalloc, the allocator keylint links. Not pinned: the
# build stage is thrown away, and Alpine drops old package versions.
# hadolint ignore=DL3018
RUN apk add --no-cache musl-dev gcc
WORKDIR /build
# The manifest names the benchmarks and examples: they must be present,
# though only the binary is built.
COPY Cargo.toml Cargo.lock README.md CHANGELOG.md ARCHITECTURE.md LICENSE ./
COPY src src
COPY rules rules
COPY benches benches
COPY examples examples
RUN cargo build --locked --release --bin keylint \
    && strip target/release/keylint

FROM scratch
COPY --from=build /build/target/release/keylint /usr/local/bin/keylint
COPY LICENSE /usr/share/doc/keylint/LICENSE
# Any unprivileged id: the image has no users, the mounted tree is read only.
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/keylint"]
CMD ["check", "."]
