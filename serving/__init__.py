"""tousu's HTTP service: intake, classify, the ticket store, agents' review, access control.

Routes stay thin: each resource package holds ``models.py`` (schemas), ``service.py``
(logic) and ``views.py`` (routes); ``api.py`` puts the routers together and ``main.py``
builds the app. Grading and policy logic live in ``models/`` and ``pipeline/``.
"""
