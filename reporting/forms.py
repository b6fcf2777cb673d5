from django import forms

from home.uploads import check_document

from .answers import clean, has_active_content, word_count
from .models import word_limit


class StepForm(forms.Form):
    status = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    answer = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 12}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, status_choices=None, with_status=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_status:
            self.fields["status"].choices = status_choices
        else:
            del self.fields["status"]

    def clean_answer(self):
        answer = self.cleaned_data["answer"]
        if has_active_content(answer):
            raise forms.ValidationError(
                "Your answer contains code we do not accept (a script or an event handler). We have taken it out "
                "below: check your answer, then save again.",
                code="active_content",
            )
        limit = word_limit()
        words = word_count(answer)
        if words > limit:
            raise forms.ValidationError(
                f"Your answer is {words:,} words long; it can be at most {limit:,} words. Shorten it, then save "
                "again.",
                code="too_long",
            )
        return clean(answer)


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=120, label="What the file is, e.g. 'Action plan 2026'")
    file = forms.FileField(label="The file (PDF, Word, OpenDocument, Excel or CSV)")

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_document(uploaded)
        return uploaded


class FreshLinkForm(forms.Form):
    email = forms.EmailField(label="Your email address", max_length=254)


class SubmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
