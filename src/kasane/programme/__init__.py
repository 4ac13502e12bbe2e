"""事業の実施状況: the programme as counts for those who run it (市の事業担当, 機関管理者), never a name."""
