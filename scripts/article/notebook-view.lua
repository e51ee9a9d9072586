--[[
notebook-view.lua: pandoc's ipynb reader keeps text/markdown outputs as raw markdown, which
the HTML writer drops; parse them so markdown tables show in the notebook views.
]]
function RawBlock(el)
  if el.format == "markdown" then
    return pandoc.read(el.text, "markdown").blocks
  end
  return nil
end
