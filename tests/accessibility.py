"""Accessibility checks for browser tests: axe-core's WCAG 2.2 A and AA rules."""

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


def assert_no_axe_violations(browser_page):
    """Run axe-core's WCAG 2.2 A and AA rules on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(browser_page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in violations
    ]
    assert not violations, f"axe found {len(violations)} violation(s) on {browser_page.url}:\n" + "\n".join(summary)
