from dataclasses import replace

import pytest

from geo.mapview import build_map, site_for_map_event, to_script_json
from geo.model import Annotation
from geo.status import Category, Position, Severity, Status, Topic, Visibility
from tests.conftest import SITE_NAMES

PAYLOADS = ["{{ 7*7 }} {{ self.__init__.__globals__ }}", "{% raw %}x{% endraw %} {# c #}", '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '`${alert(1)}`', '</script><b>x']


def render(m) -> str:
    return m.get_root().render()


def note(text, visibility, site_id="george-mews"):
    return Annotation(None, site_id, None, None, Category.LIGHTING, Severity.HIGH, text, "", visibility)


def test_map_carries_every_site_and_one_switchable_layer_per_topic(ward, sites):
    html = render(build_map(ward, sites))
    for name in SITE_NAMES:
        assert to_script_json(name)[1:-1] in html
    for topic in Topic:
        assert f'"{topic.label} status" :' in html  # a base layer (radio button) in the layer control
    assert "ward boundary" in html


def test_only_the_chosen_topic_is_shown_first(ward, sites):
    html = render(build_map(ward, sites, topic=Topic.GATING))
    assert html.count(".addTo(") and "L.layerGroup()" in html
    gating_layer = next(c for c in build_map(ward, sites, topic=Topic.GATING)._children.values()
                        if getattr(c, "layer_name", "") == "Gating status")
    assert gating_layer.show is True


def test_legend_names_every_status_and_marks_approximate_positions(ward, sites):
    html = render(build_map(ward, sites))
    for status in Status:
        assert status.label in html
    assert "approximate position" in html


def test_every_status_has_its_own_shape_and_colour():
    assert len({s.shape for s in Status}) == len(Status)
    assert len({s.colour for s in Status}) == len(Status)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_user_text_never_becomes_markup(ward, sites, payload):
    hostile = [replace(sites[0], name=payload)] + list(sites[1:])
    html = render(build_map(ward, hostile, annotations=[note(payload, Visibility.PUBLIC)]))
    assert "<script>alert" not in html and "<img src=x" not in html and "</script><b>" not in html
    assert "`${alert" not in html and "${alert" not in html
    assert "jinja2.runtime" not in html  # never run as a template on the server
    assert "{{ 7*7 }}" not in html and "{% raw" not in html and "{# c" not in html


def test_partners_only_notes_never_reach_the_page(ward, sites):
    html = render(build_map(ward, sites, annotations=[note("Public note about the gate", Visibility.PUBLIC),
                                                      note("Secret note for partners", Visibility.PARTNERS)]))
    assert "Public note about the gate" in html
    assert "Secret note for partners" not in html


def test_no_notes_layer_without_public_notes(ward, sites):
    html = render(build_map(ward, sites, annotations=[note("Secret", Visibility.PARTNERS)]))
    assert "Design advisor notes" not in html


def test_map_without_tiles_has_no_tile_layer(ward, sites):
    assert "L.tileLayer" not in render(build_map(ward, sites, tiles="none"))
    assert "L.tileLayer" in render(build_map(ward, sites, tiles="OpenStreetMap"))


@pytest.mark.parametrize(
    "event, expected",
    [
        ({"last_clicked": {"lat": 51.5267067, "lng": -0.138034}}, "george-mews"),
        ({"last_clicked": {"lat": 51.52671, "lng": -0.13805}}, "george-mews"),  # a metre or two off
        ({"last_object_clicked": {"lat": 51.531, "lng": -0.1405}}, "lindale-play-area"),
        ({"last_clicked": {"lat": 51.5300, "lng": -0.1300}}, None),  # empty map, far from any site
        ({"last_clicked": None}, None),
        ({"last_clicked": {"lat": "x", "lng": 1}}, None),
        ({}, None),
        (None, None),
    ],
)
def test_map_event_to_site(sites, event, expected):
    assert site_for_map_event(event, sites) == expected


def test_approximate_sites_are_flagged_in_the_data(ward, sites):
    m = build_map(ward, sites)
    data = next(c for c in m._children.values() if type(c).__name__ == "ScriptData")
    approx = {s.site_id for s in sites if s.position is Position.APPROXIMATE}
    assert len(approx) == 5
    for site_id in approx:
        assert f'"{site_id}"' in data.payload


def test_template_syntax_in_user_text_never_runs_on_the_server_in_either_render_path(ward, sites):
    """branca's render and streamlit-folium's own script generation both see the text as data."""
    from streamlit_folium import generate_leaflet_string

    payload = "{{ self.__init__.__globals__ }} {% for x in range(3) %}loop{% endfor %}"
    hostile = [replace(sites[0], name=payload)] + list(sites[1:])
    m = build_map(ward, hostile, annotations=[note(payload, Visibility.PUBLIC)])
    for html in (m.get_root().render(), generate_leaflet_string(m)):
        assert "jinja2.runtime" not in html and "looploop" not in html
        assert "{{ self.__init__" not in html  # sent escaped, as \u007b{ ...
