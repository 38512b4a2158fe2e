from django.urls import path

from alongside.portal import documents_views

D = "children/<int:case_id>/documents"
urlpatterns = [
    path(f"{D}/", documents_views.documents, name="documents"),
    path(f"{D}/<str:kind>/<int:pk>/", documents_views.document, name="document"),
    path(f"{D}/<str:kind>/<int:pk>/pdf/", documents_views.document_pdf, name="document-pdf"),
]
