"""Officials writing to a worker: her language shown first, standard messages in it, every message marked
with the language it is written in."""
from flask_babel import force_locale, gettext, refresh
from markupsafe import escape

from grievances.replies import StandardMessage


def test_officers_write_from_a_standard_message_in_the_workers_language(client, login, case_officer, file_one):
    grievance, code = file_one(language="sw")
    login(case_officer)
    assert client.post(f"/grievances/cases/{grievance.reference}/take").status_code == 303
    page = client.get(f"/grievances/cases/{grievance.reference}").get_data(as_text=True)
    assert "Kiswahili" in page.split("<h2", 1)[0]  # the worker's language, before anything else
    page = client.get(f"/grievances/cases/{grievance.reference}?standard=more_information").get_data(as_text=True)
    with force_locale("sw"):
        expected = str(StandardMessage.MORE_INFORMATION.text)
    assert expected != str(StandardMessage.MORE_INFORMATION.text) and escape(expected) in page
    assert '<option selected value="sw">' in page


def test_a_message_in_another_language_says_so_on_the_workers_page(app, client, login, case_officer, file_one):
    grievance, code = file_one(language="sw")
    login(case_officer)
    client.post(f"/grievances/cases/{grievance.reference}/take")
    assert client.post(f"/grievances/cases/{grievance.reference}/message",
                       data={"message-body": "We called your employer.", "message-language": "en"}).status_code == 303
    client.post("/logout")
    client.set_cookie("lang", "sw")
    refresh()  # the test's app context outlives requests: forget the officer's language Flask-Babel cached
    client.post("/grievances/track", data={"reference": grievance.reference, "code": code})
    page = client.get("/grievances/track/case").get_data(as_text=True)
    with app.test_request_context(headers={"Cookie": "lang=sw"}):
        note = gettext("This message is in %(language)s.", language="Kiingereza")  # English, named in Kiswahili
    assert note in page and 'lang="en"' in page
    event = grievance.events[-1]
    assert event.data == {"language": "en"}
