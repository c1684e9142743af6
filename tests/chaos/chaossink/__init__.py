"""The chaos suite's witness consumer: an effect table without unique key, so double application shows."""
