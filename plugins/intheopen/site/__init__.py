"""What the blog makes: the plan of pages, what each template is shown, listings and
indexes, incident and plan views, leaders' pages, charts, compliance pages.
"""
