--[[
notebook-view.lua: filter for the notebooks' HTML views in the pandoc preview.

pandoc's ipynb reader keeps text/markdown outputs as raw markdown, which the HTML writer drops;
they are parsed so markdown tables show. A code cell whose options carry a label ('//| label: x'
in Java, '#| label: x' in Python) gets the id 'x', which its figure or table has in Quarto's
notebook previews too, so that the article's "Source:" links land on the embedded output.
]]
function RawBlock(el)
  if el.format == "markdown" then
    return pandoc.read(el.text, "markdown").blocks
  end
  return nil
end

--- The value of the 'label' cell option in the option lines at the top of `code`, or nil.
local function cell_label(code)
  for line in code:gmatch("[^\n]+") do
    local prefix, rest = line:match("^%s*([/#]+|)%s*(.*)$")
    if not prefix then
      return nil
    end
    local label = rest:match("^label:%s*([%w_%-]+)")
    if label then
      return label
    end
  end
  return nil
end

function Div(div)
  if div.classes:includes("cell") and div.classes:includes("code") then
    local code = div.content[1]
    local label = code and code.t == "CodeBlock" and cell_label(code.text)
    if label then
      div.identifier = label
      return div
    end
  end
  return nil
end
