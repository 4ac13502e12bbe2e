from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "kasane.outreach"
    label = "outreach"
    verbose_name = "アウトリーチ等を通じた継続的支援"

    def ready(self) -> None:
        # The household timeline (casework) shows outreach to those with a basis; casework stands below this
        # app and cannot import it, so the app hands its entries in here.
        from kasane.casework.queries import timeline  # noqa: PLC0415 - registered once the apps are loaded
        from kasane.outreach.queries import timeline_entries  # noqa: PLC0415 - idem

        timeline.register(timeline_entries)
