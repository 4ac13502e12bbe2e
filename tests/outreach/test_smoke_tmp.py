import pytest
from tests import factories

pytestmark = pytest.mark.django_db


def test_pages(matrix_world, client_for):
    w = matrix_world
    c = client_for(w["users"]["coordinator"])
    r = c.get("/outreach/")
    assert r.status_code == 200, r.content[:2000]
    r = c.get("/outreach/targets/new/")
    assert r.status_code == 200
    r = c.post("/outreach/targets/new/", {"label": "○○町の80代女性の世帯", "description": "息子が10年外出なし", "source": "own_work", "raised_on": "R8.11.1", "area": "○○町"})
    assert r.status_code == 302, r.content.decode()[:3000]
    url = r["Location"]
    r = c.get(url)
    assert r.status_code == 200
    print(r.content.decode()[-6000:])
    tid = url.rstrip("/").split("/")[-1]
    r = c.post(f"/outreach/targets/{tid}/contacts/new/", {"on": "R8.11.2", "method": "visit", "with_whom": "person", "outcome": "away", "text": "不在。メモ投函", "stage": "attempting"})
    assert r.status_code == 302, r.content.decode()[:3000]
    r = c.post(f"/outreach/targets/{tid}/stage/", {"stage": "person", "on": "R8.11.3"})
    r = c.get(url)
    assert "本人と会えた・話せた接触記録が必要" in r.content.decode()
    for u in ["/outreach/agency-visits/", "/outreach/indicator/", f"/outreach/targets/{tid}/person/?name=たかはし", f"/outreach/targets/{tid}/edit/"]:
        assert c.get(u).status_code == 200, u
    assert client_for(w["users"]["soudanin"]).get(url).status_code == 404
    assert client_for(w["users"]["city"]).get("/outreach/settings/").status_code == 200
    assert client_for(w["users"]["city"]).get("/outreach/indicator/").status_code == 200
