"""Migrating another generator's site into Folio: `import --from hugo|zola|jekyll DIR`.

- `source`: where the site's configuration, content, static files and author data are,
  and which files are posts;
- `values`: dates, author strings, taxonomy values as the generators write them;
- `permalinks`: the URL each generator published a post at;
- `plan`: a post's front matter mapped to Folio's keys, with a tally for the report;
- `body`: template tags turned into Markdown, links made to lead to the migrated files;
- `urls`: the old URLs kept as `url`, `slug` and `aliases`;
- `files`: the content files written; `report`: the summary; `run`: the steps in order.
"""

from folio.importing.migrate.run import migrate, run_migration
from folio.importing.migrate.source import GENERATORS

__all__ = ["GENERATORS", "migrate", "run_migration"]
