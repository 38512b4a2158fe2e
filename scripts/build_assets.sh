#!/usr/bin/env bash
# Copy the built GOV.UK Frontend, MoJ Frontend and htmx files from node_modules
# into alongside/static/vendor/. The result is committed, so running the app or
# the tests never needs npm; run this only after changing package.json.
#
# The stylesheets ship with root-absolute urls (url(/assets/fonts/...)). They are
# rewritten to relative ones (url(assets/fonts/...)), so they resolve next to the
# stylesheet wherever it is served, e.g. /static/vendor/govuk/assets/fonts/...
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENDOR="$ROOT/alongside/static/vendor"
NM="$ROOT/node_modules"

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -f "$NM/.package-lock.json" ] \
    || [ package-lock.json -nt "$NM/.package-lock.json" ] \
    || [ package.json -nt "$NM/.package-lock.json" ]; then
    echo "Installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --ignore-scripts
fi

GOVUK_SRC="$NM/govuk-frontend/dist/govuk"
MOJ_SRC="$NM/@ministryofjustice/frontend/moj"
HTMX_SRC="$NM/htmx.org/dist"

version_of() {
    node -p "require('$1/package.json').version"
}

# Drop the sourceMappingURL comment (maps are not shipped, and a dangling
# reference would break hashed static file storages) and make asset urls relative.
# GDS Transport is licensed for GOV.UK services only, so a council's service
# leaves its @font-face rules and font files out; text falls back to Arial.
copy_css() {
    sed -e 's#url(/assets/#url(assets/#g' \
        -e 's#@font-face{font-family:GDS Transport;[^}]*}##g' \
        -e 's#/\*\# sourceMappingURL=[^*]*\*/##g' "$1" >"$2"
}
copy_js() {
    sed -e 's#//\# sourceMappingURL=.*$##' "$1" >"$2"
}

mkdir -p "$(dirname "$VENDOR")" "$ROOT/var"
TMP=$(mktemp -d "$ROOT/var/vendor-build.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

mkdir -p "$TMP/govuk" "$TMP/moj" "$TMP/htmx"

copy_css "$GOVUK_SRC/govuk-frontend.min.css" "$TMP/govuk/govuk-frontend.min.css"
copy_js "$GOVUK_SRC/govuk-frontend.min.js" "$TMP/govuk/govuk-frontend.min.js"
cp -R "$GOVUK_SRC/assets" "$TMP/govuk/assets"
rm -rf "$TMP/govuk/assets/fonts"

copy_css "$MOJ_SRC/moj-frontend.min.css" "$TMP/moj/moj-frontend.min.css"
copy_js "$MOJ_SRC/moj-frontend.min.js" "$TMP/moj/moj-frontend.min.js"
cp -R "$MOJ_SRC/assets" "$TMP/moj/assets"

cp "$HTMX_SRC/htmx.min.js" "$TMP/htmx/htmx.min.js"

# Keep the folder lean: no maps, no Sass, nothing else from the packages.
find "$TMP" \( -name '*.map' -o -name '*.scss' -o -name '*.gz' \) -delete

# Every url() in the stylesheets must point at a file that was copied.
status=0
for css in "$TMP/govuk/govuk-frontend.min.css" "$TMP/moj/moj-frontend.min.css"; do
    dir=$(dirname "$css")
    while IFS= read -r url; do
        case "$url" in
            data:* | http:* | https:* | \#*) continue ;;
            /*)
                echo "error: root-absolute url($url) left in ${css#"$TMP"/}" >&2
                status=1
                ;;
            *)
                if [ ! -f "$dir/${url%%[?#]*}" ]; then
                    echo "error: url($url) in ${css#"$TMP"/} has no file" >&2
                    status=1
                fi
                ;;
        esac
    done < <(grep -o 'url([^)]*)' "$css" | sed -e 's/^url(//' -e 's/)$//' -e "s/^[\"']//" -e "s/[\"']\$//" | sort -u)
done
if [ "$status" -ne 0 ]; then
    exit "$status"
fi

cat >"$TMP/VERSIONS" <<VERSIONS
# Built by scripts/build_assets.sh from package-lock.json. Do not edit by hand.
govuk-frontend $(version_of "$NM/govuk-frontend")
@ministryofjustice/frontend $(version_of "$NM/@ministryofjustice/frontend")
htmx.org $(version_of "$NM/htmx.org")
VERSIONS

rm -rf "$VENDOR"
mv "$TMP" "$VENDOR"
trap - EXIT
chmod -R u=rwX,go=rX "$VENDOR"

echo "Vendor assets written to ${VENDOR#"$ROOT"/}:"
sed -n '2,$p' "$VENDOR/VERSIONS" | sed 's/^/  /'
