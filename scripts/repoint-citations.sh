#!/usr/bin/env bash
# Repoint source-comment citations of notes that lived outside the repository at the project's own docs:
#   /work/shared/aws-facts.md, aws-facts.md   -> docs/aws-behaviour.md (same section numbers: §5c stays §5c)
#   DESIGN.md, "<section>" / (DESIGN.md)      -> the README.md or ARCHITECTURE.md section that covers it
# Idempotent: a second run changes nothing. Run from anywhere inside the repository:
#   bash scripts/repoint-citations.sh
# Exits 1 (after rewriting what it can) when a citation is left that it has no mapping for; add the
# section to the table below, or rewrite that comment by hand.
set -euo pipefail

cd "$(git rev-parse --show-toplevel)"

# Where to look: the code trees, plus docs/ and the top-level Markdown (scripts/ is left out: it holds this file).
dirs=()
for d in src test bench docs; do [[ -d $d ]] && dirs+=("$d"); done
mapfile -t files < <(
  { grep -rlIE 'aws-facts\.md|DESIGN\.md|/work/shared' "${dirs[@]}" 2>/dev/null || true
    grep -lIE 'aws-facts\.md|DESIGN\.md|/work/shared' ./*.md 2>/dev/null || true
  } | grep -v '/node_modules/' | sort -u
)

if ((${#files[@]})); then
  perl -0777 -pi -e '
    BEGIN {
      # DESIGN.md section (lower case, whitespace collapsed) -> [file, section title there]
      my $safe = ["README.md", "How a run stays safe"];
      my $flow = ["ARCHITECTURE.md", "How one reconcile flows"];
      %map = (
        "idempotent retries"            => ["ARCHITECTURE.md", "Idempotent creates"],
        "the simulated aws"             => ["ARCHITECTURE.md", "The simulated AWS"],
        "apply"                         => $safe,   # readiness: "Waiting only where needed"
        "resources, ownership, identity"=> $safe,
        "prune guards"                  => $safe,
        "pruning guards"                => $safe,
        "the pipeline"                  => $flow,
        (map { $_ => $flow } qw(load validate expand observe diff plan report)),
        "manifests"                     => ["README.md", "Manifests"],
        "commands"                      => ["README.md", "Commands"],
      );
    }
    # 1. the facts file, with or without its old absolute path
    s{(?:/work/shared/)?aws-facts\.md}{docs/aws-behaviour.md}g;
    # 2. DESIGN.md, "<section>" (the section may wrap onto the next comment line)
    s{(?:/work/shared/)?DESIGN\.md,(\s*)"([^"]+)"}{
      my ($all, $sp, $sec) = ($&, $1, $2);
      my $break = $sec =~ /([ \t]*\n[ \t]*(?:\*(?!\/)|\/\/|#)?[ \t]*)/ ? $1 : "";
      $break =~ s/^[ \t]+//;
      (my $key = lc $sec) =~ s/\s*\n\s*(?:\*(?!\/)|\/\/|#)?\s*/ /g;
      $key =~ s/^\s+|\s+$//g; $key =~ s/\s+/ /g;
      my $to = $map{$key};
      $to ? "$to->[0]," . (length $break ? $break : $sp) . "\"$to->[1]\"" : $all;
    }ge;
    # 3. bare (DESIGN.md) after the name of what it documents
    s{\b(prun\w*\s+guards?\s*)\((?:/work/shared/)?DESIGN\.md\)}{$1(README.md, "How a run stays safe")}gi;
  ' "${files[@]}"
fi

left=$({ grep -rnIE 'aws-facts\.md|DESIGN\.md|/work/shared' "${dirs[@]}" ./*.md 2>/dev/null || true; } | grep -v '/node_modules/' || true)
if [[ -n $left ]]; then
  echo "repoint-citations: citations without a mapping are left (add them to the table in $0):" >&2
  echo "$left" >&2
  exit 1
fi
echo "repoint-citations: ${#files[@]} file(s) rewritten; no external citations left."
