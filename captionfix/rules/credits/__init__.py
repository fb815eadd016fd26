"""The ``credits`` rule: credit labels, where credits stand on a line, and the credit grammar."""
