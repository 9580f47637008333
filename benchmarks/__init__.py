"""Speed and memory figures, each printed beside a baseline measured in the same run."""
