--[[
source-links.lua: a "Source: <notebook title>" link under every embedded notebook cell (HTML).

Quarto's manuscript does not write these links itself (checked in quarto-cli's source up to
1.11): it queues every notebook listed under `manuscript: notebooks:` for its preview page
before it looks at the embeds (src/format/html/format-html-notebook.ts), and the preview queue
keeps one entry per notebook (src/format/html/format-html-notebook-preview.ts), so the embeds'
requests, which carry the link callback, are dropped; even without that, only the first embed
of each notebook would get its link. `_quarto.yml` therefore sets `notebook-links: global`
(documented: Quarto lists the notebooks in the sidebar and adds no inline link), and this filter
adds exactly one inline link per embed, whatever the Quarto version.

The link goes to the embedded output in the notebook's preview page, which Quarto writes next
to the notebook as `<stem>-preview.html` (src/render/notebook/notebook-contributor-html.ts). Its
anchor is the cell's label (`#fig-x`, `#tbl-x`: the id of the figure or table there); Quarto's
own cell id for a labelled cell, `cell-<label>`, exists in the preview for figures only. The
title is the one Quarto gives the embed (`notebook-title`: the notebook's title, i.e. its first
heading), as in the sidebar's list of notebooks. Other formats are left alone.
]]

if not quarto.doc.is_format("html") then
  return {}
end

--- href of the output of cell `cell_id` in the preview page of `notebook` (an absolute path),
--- relative to the article.
local function preview_href(notebook, cell_id)
  local article_dir = pandoc.path.directory(quarto.doc.input_file)
  local stem = pandoc.path.split_extension(pandoc.path.make_relative(notebook, article_dir))
  local href = stem:gsub("\\", "/") .. "-preview.html"
  local anchor = (cell_id or ""):gsub("^cell%-", "")
  if anchor ~= "" then
    href = href .. "#" .. anchor
  end
  return href
end

function Div(div)
  local notebook = div.attributes["notebook"]
  if not (notebook and div.classes:includes("quarto-embed-nb-cell")) then
    return nil
  end
  local title = div.attributes["notebook-title"] or pandoc.path.filename(notebook)
  local link = pandoc.Link("Source: " .. title, preview_href(notebook, div.attributes["notebook-cellId"]),
    "", pandoc.Attr("", { "quarto-notebook-link" }))
  div.content:insert(pandoc.Plain({ link }))
  return div
end
