"""The one error type of the preview builder: a list of problems, all reported at once."""


class ArticleError(Exception):
    """Raised when the article cannot be built; ``problems`` holds one message per fault.

    Collecting every fault before failing lets an author fix a whole article in one pass
    instead of meeting the errors one build at a time.
    """

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def __str__(self):
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the article:"
        return "\n".join([head] + [f"  - {p}" for p in self.problems])
