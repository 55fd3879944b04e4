"""The test suite: unit and page tests here, browser tests in tests/e2e/."""
