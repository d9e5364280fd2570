"""Library code of the 南疆防返贫 report pipeline (imported by the Snakemake scripts)."""
