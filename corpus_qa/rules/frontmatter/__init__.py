"""FM: the YAML frontmatter block at the top of Markdown/Hexo-style documents."""

from corpus_qa.rules.base import Option

OPTIONS: dict[str, Option] = {}
