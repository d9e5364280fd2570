-- HTML edition: tables in a scrolling wrapper (a wide table never widens a
-- phone's page).
function Table(el)
  return pandoc.Div({ el }, { class = "table-wrap" })
end

