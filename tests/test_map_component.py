"""ui.map_component gives st_folium's component exactly what st_folium would, from a map rendered once."""
import pytest
import streamlit_folium
from streamlit_folium import st_folium

from geo.model import Annotation
from geo.sites.mapview import build_map
from geo.status import Category, Severity, Topic, Visibility
from ui import map_component


@pytest.fixture
def component_calls(monkeypatch):
    """Every call of st_folium's component, its arguments as given (the callback left out)."""
    calls = []

    def record(**arguments):
        arguments.pop("on_change")
        calls.append(arguments)
        return arguments["default"]

    monkeypatch.setattr(streamlit_folium, "_component_func", record)
    return calls


def ward_map(ward, sites):
    note = Annotation(None, sites[0].site_id, None, None, Category.LIGHTING, Severity.HIGH, "Dark corner <b>",
                      "", Visibility.PUBLIC)
    return build_map(ward, sites, topic=Topic.GATING, annotations=[note], tiles=None, asset_base_url="/app/static")


@pytest.mark.parametrize("returned", [["last_clicked"], [], ["bounds", "zoom", "last_object_clicked"]])
def test_the_component_gets_what_st_folium_would_give_it(component_calls, ward, sites, returned):
    given = st_folium(ward_map(ward, sites), key="ward_map", height=440, use_container_width=True,
                      returned_objects=returned)
    shown = map_component.show(map_component.rendered(ward_map(ward, sites)), key="ward_map", height=440,
                               returned_objects=returned)
    by_st_folium, by_us = component_calls
    assert by_us == by_st_folium
    assert shown == given
    assert "Dark corner" in by_us["script"] + by_us["header"] + by_us["html"]


def test_one_rendering_serves_every_run_alike(component_calls, ward, sites):
    once = map_component.rendered(ward_map(ward, sites))
    for _ in range(3):
        map_component.show(once, key="ward_map", height=440, returned_objects=["last_clicked"])
    first, *others = component_calls
    assert len(others) == 2 and all(call == first for call in others)
    map_component.show(once, key="other_map", height=440, returned_objects=["last_clicked"])
    assert component_calls[-1]["key"] != first["key"]  # another key is another component, as with st_folium


def test_a_changed_site_is_a_different_component(component_calls, ward, sites):
    from dataclasses import replace

    map_component.show(map_component.rendered(ward_map(ward, sites)), key="ward_map", height=440,
                       returned_objects=[])
    renamed = [replace(sites[0], name="A renamed mews"), *sites[1:]]
    map_component.show(map_component.rendered(ward_map(ward, renamed)), key="ward_map", height=440,
                       returned_objects=[])
    before, after = component_calls
    assert "A renamed mews" in after["script"] and "A renamed mews" not in before["script"]
    assert before["key"] != after["key"]  # the browser draws the new map, not the old one


def test_an_unknown_returned_object_is_refused(ward, sites):
    with pytest.raises(ValueError, match="no"):
        map_component.show(map_component.rendered(ward_map(ward, sites)), key="m", height=300,
                           returned_objects=["last_clickd"])
