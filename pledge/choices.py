"""The fixed lists signatories and reports are described by: the models store them, the filters offer them."""

from django.db import models


class Role(models.TextChoices):
    PLEDGE_MAKER = "maker", "Pledge Maker"
    PLEDGE_SUPPORTER = "supporter", "Pledge Supporter"


class OrganisationType(models.TextChoices):
    NHS_TRUST = "nhs-trust", "NHS trust"
    COMMISSIONER = "commissioner", "Commissioner"
    LOCAL_AUTHORITY = "local-authority", "Local authority"
    NATIONAL_BODY = "national-body", "National body"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    OTHER = "other", "Other"


class Region(models.TextChoices):
    UK_WIDE = "uk-wide", "UK-wide"
    ENGLAND = "england", "England (national)"
    NORTH_EAST = "north-east", "North East England"
    NORTH_WEST = "north-west", "North West England"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East England"
    SOUTH_WEST = "south-west", "South West England"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", "Progress report"
    BRIEFING = "briefing", "Briefing paper"
    RESEARCH = "research", "Research paper"
    CONSULTATION = "consultation", "Consultation report"
    OTHER = "other", "Other"


class ProgressStatus(models.TextChoices):
    """Where a signatory says it stands on a commitment; the reporting round's form asks for it."""

    ON_TRACK = "on-track", "On track"
    ACHIEVED = "achieved", "Achieved"
    DELAYED = "delayed", "Delayed"
    NOT_STARTED = "not-started", "Not started"
