"""Figure id -> ``module:function`` drawing it (imported only when needed)."""

FIGURE_FUNCTIONS = {
    "fig_poverty_shares": "nanjiang.figures.poverty_shares:draw",
}
