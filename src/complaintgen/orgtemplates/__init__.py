"""Organisation templates: an NGO's or law office's own DOCX, filled with docxtpl.

Two kinds of template, told apart by their content:

LETTERHEAD — the document contains a paragraph whose only content is the tag

    {{p body }}

(the ``p`` right after the braces, a space, ``body``; nothing else in that paragraph). complaintgen
renders the shipped document exactly as without a letterhead (documents.render_text → Markdown →
layout) and puts its paragraphs and tables in place of that paragraph. Everything else of the
letterhead stays: headers and footers, logo, page size and margins, other paragraphs. The body
keeps the shipped typography (Times New Roman 14, single spacing) as direct formatting, so the
letterhead's own Normal style does not change the filing; its signature table is fitted to the
letterhead's text width. Other docxtpl tags anywhere in the letterhead (``{{ id }}``,
``{{ today | numeric }}``, ``{{ signer.short }}``…) get the context of a full custom template.

FULL CUSTOM — any other DOCX is a docxtpl template that receives what a shipped template receives
(context.build, docs/templates.md), with these differences, all forced by DOCX being XML:

- values are XML-escaped (autoescape); case text such as ``{{ 7*7 }}`` or ``<b>&`` prints as is;
- ``phrase(key)``, ``snippet(id)`` and ``missed_steps[].argument``/``.request`` are plain text:
  the Markdown markers of the shipped dialect are dropped; a snippet's paragraphs become
  paragraphs (with the formatting of the paragraph holding the tag), as does a blank line in case
  text; a single newline becomes a line break;
- ``need()`` gaps print as ``[УТОЧНИТЬ: …]`` highlighted yellow and are listed in Rendered.gaps;
- the filters ``safe`` and ``urlize`` are removed (they would let case text become XML);
- ``{{r …}}``, ``{{tr …}}``, ``{{tc …}}`` and ``{{p …}}`` (other than the body) expect rich text or
  sub-documents, which complaintgen never produces: they are refused.

Both run in Jinja's immutable sandbox with undefined names as errors, without ``lipsum``, with
``*`` and ``**`` bounded and a time limit (TIME_LIMIT, main thread only). A Word template (.dotx)
is read as a document. Redaction works as for shipped output (``redact=True``; an anonymous CAT
communication always). Output is scrubbed of author, company, revision, template path, rsids,
custom properties and comment/revision authors, and zipped with fixed timestamps
(package.normalise_zip), so the same input gives the same bytes.

check_template() finds what breaks templates edited in Word; export_template() turns a shipped
``.md.j2`` into an editable DOCX to start from; context_json() is what ``complaintgen context``
prints.
"""

from .check import check_template
from .context_json import context_json
from .export import export_template
from .render import render_with_template

__all__ = ["check_template", "context_json", "export_template", "render_with_template"]
