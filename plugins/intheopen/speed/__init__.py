"""The speed layer: results kept between builds (data only), work done by other
processes, the site folder prepared ahead. It wraps the plain path from outside;
`cache: false` and `parallel: false` turn it off.
"""
