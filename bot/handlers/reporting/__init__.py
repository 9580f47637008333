"""The reporting conversation, in three parts: ``access`` (who may report what, the measure's scene),
``cards`` (what is shown), ``handlers`` (the PTB handlers, thin)."""
