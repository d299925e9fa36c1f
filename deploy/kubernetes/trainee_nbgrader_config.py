"""nbgrader config baked into the image for trainee servers (same as the single-server hub)."""

c = get_config()  # noqa: F821
c.Exchange.root = "/srv/nbgrader/exchange"
c.Exchange.path_includes_course = True
# The exchange root is not world-writable; skip nbgrader's "make it 0777" check (nbgrader #1225).
c.CourseDirectory.groupshared = True
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
c.ExchangeFactory.submit = "pst_exchange.PrivateSubmit"
