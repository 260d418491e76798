"""Core value types shared by every layer. Imports no provider."""
