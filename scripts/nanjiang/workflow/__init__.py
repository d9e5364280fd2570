"""What the Snakemake workflow itself needs: job logs, code inputs, checks while it is read."""
