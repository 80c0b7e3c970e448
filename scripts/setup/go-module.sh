# build_go_wrapper <name> <dir> <package> <ldflags> <go.mod requires and replaces...>: builds one binary of a
# module the Go proxy serves but `go install` refuses (replace lines), through a wrapper module in the cache.
build_go_wrapper() {
    local name=$1 dir=$2 package=$3 ldflags=$4
    shift 4
    mkdir -p "$dir/src-$name" "$dir/bin"
    {
        echo "module uw-wrapper/$name"
        echo
        echo "go 1.24"
        echo
        printf '%s\n' "$@"
    } > "$dir/src-$name/go.mod"
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$package" > "$dir/src-$name/tools.go"
    timed "$name-build" sh -c "cd '$dir/src-$name' && go mod tidy && CGO_ENABLED=0 nice go build -trimpath -tags osusergo,grpcnotrace -ldflags '$ldflags' -o '$dir/bin/$name' '$package'"
}
