--[[
latex-tables.lua: the LaTeX PDF (`quarto render --to pdf`) sets the notebooks' tables as the Typst PDF
does (scripts/quarto/article.typ): smaller type and tighter cells, so that they fit the text column.
LaTeX does not wrap the cells of these tables, so without this the widest ones ran off the page.
The margins are `geometry` in _quarto.yml. Other formats are left alone.
]]

if quarto.doc.is_format("latex") then
  quarto.doc.include_text("in-header", [[
\AddToHook{env/longtable/begin}{\footnotesize}
\setlength{\tabcolsep}{4pt}
]])
end

return {}
